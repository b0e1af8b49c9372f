package dev.actorregistry.spring.jpa;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.spring.jpa.StoreBatches.BatchTimeoutException;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The queue and the leadership of {@link StoreBatches}, with batches that are lists in
 * memory: who commits what, and that no save is lost, committed twice or left waiting.
 */
class StoreBatchesTests {

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@AfterEach
	void stopCallers() {
		this.callers.shutdownNow();
	}

	@Test
	void anIdleStoreCommitsASaveAtOnceInABatchOfItsOwn() {
		List<List<Integer>> batches = new ArrayList<>();
		StoreBatches<Integer, Boolean> saves = new StoreBatches<Integer, Boolean>(recording(batches),
				Comparator.<Integer>naturalOrder(), 64, 1, Waits.TIMEOUT);
		assertThat(saves.run(1)).isTrue();
		assertThat(saves.run(2)).isTrue();
		assertThat(batches).containsExactly(List.of(1), List.of(2));
	}

	@Test
	void savesThatQueueWhileABatchCommitsShareTheNextInKeyOrder() throws Exception {
		CountDownLatch committing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> batches = new ArrayList<>();
		Function<List<Integer>, List<Boolean>> record = recording(batches);
		StoreBatches<Integer, Boolean> saves = new StoreBatches<Integer, Boolean>((batch) -> {
			if (batch.contains(0)) {
				committing.countDown();
				Waits.awaitLatch(release);
			}
			return record.apply(batch);
		}, Comparator.<Integer>naturalOrder(), 64, 1, Waits.TIMEOUT);
		List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
		outcomes.add(CompletableFuture.supplyAsync(() -> saves.run(0), this.callers));
		Waits.awaitLatch(committing);
		for (int save = 9; save >= 1; save--) {
			int value = save;
			outcomes.add(CompletableFuture.supplyAsync(() -> saves.run(value), this.callers));
		}
		Waits.eventually().until(saves::queued, (queued) -> queued == 9);
		release.countDown();
		for (CompletableFuture<Boolean> outcome : outcomes) {
			assertThat(outcome.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
	}

	@Test
	void aSecondLeaderCommitsWhileTheFirstBatchWaits() throws Exception {
		CountDownLatch committing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> batches = new ArrayList<>();
		Function<List<Integer>, List<Boolean>> record = recording(batches);
		StoreBatches<Integer, Boolean> saves = new StoreBatches<Integer, Boolean>((batch) -> {
			if (batch.contains(0)) {
				committing.countDown();
				Waits.awaitLatch(release);
			}
			return record.apply(batch);
		}, Comparator.<Integer>naturalOrder(), 64, 2, Waits.TIMEOUT);
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> saves.run(0), this.callers);
		Waits.awaitLatch(committing);
		assertThat(saves.run(1)).isTrue();
		assertThat(first).isNotDone();
		release.countDown();
		assertThat(first.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(batches).containsExactly(List.of(1), List.of(0));
	}

	@Test
	void aBatchTakesNoMoreThanItsLimit() throws Exception {
		CountDownLatch committing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> batches = new ArrayList<>();
		Function<List<Integer>, List<Boolean>> record = recording(batches);
		StoreBatches<Integer, Boolean> saves = new StoreBatches<Integer, Boolean>((batch) -> {
			if (batch.contains(0)) {
				committing.countDown();
				Waits.awaitLatch(release);
			}
			return record.apply(batch);
		}, Comparator.<Integer>naturalOrder(), 4, 1, Waits.TIMEOUT);
		List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
		outcomes.add(CompletableFuture.supplyAsync(() -> saves.run(0), this.callers));
		Waits.awaitLatch(committing);
		for (int save = 1; save <= 10; save++) {
			int value = save;
			outcomes.add(CompletableFuture.supplyAsync(() -> saves.run(value), this.callers));
			Waits.eventually().until(saves::queued, (queued) -> queued == value);
		}
		release.countDown();
		for (CompletableFuture<Boolean> outcome : outcomes) {
			assertThat(outcome.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10));
	}

	@Test
	void aSaveTheBatchDidNotApplyAndEverySaveOfAFailedBatchRunAlone() throws Exception {
		CountDownLatch committing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		StoreBatches<Integer, Boolean> saves = new StoreBatches<Integer, Boolean>((batch) -> {
			if (batch.contains(0)) {
				committing.countDown();
				Waits.awaitLatch(release);
				return List.of(true);
			}
			if (batch.contains(13)) {
				throw new IllegalStateException("the transaction rolled back");
			}
			return batch.stream().map((save) -> (save % 2 == 0) ? Boolean.TRUE : null).toList();
		}, Comparator.<Integer>naturalOrder(), 64, 1, Waits.TIMEOUT);
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> saves.run(0), this.callers);
		Waits.awaitLatch(committing);
		CompletableFuture<Boolean> even = CompletableFuture.supplyAsync(() -> saves.run(2), this.callers);
		CompletableFuture<Boolean> odd = CompletableFuture.supplyAsync(() -> saves.run(3), this.callers);
		Waits.eventually().until(saves::queued, (queued) -> queued == 2);
		release.countDown();
		assertThat(first.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(even.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(odd.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNull();
		assertThat(saves.run(13)).isNull();
		assertThat(saves.run(14)).isTrue();
	}

	@Test
	void aSaveThatNoBatchTookInTimeFailsAndIsNotCommittedLater() throws Exception {
		CountDownLatch committing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> batches = new ArrayList<>();
		Function<List<Integer>, List<Boolean>> record = recording(batches);
		StoreBatches<Integer, Boolean> saves = new StoreBatches<Integer, Boolean>((batch) -> {
			if (batch.contains(0)) {
				committing.countDown();
				Waits.awaitLatch(release);
			}
			return record.apply(batch);
		}, Comparator.<Integer>naturalOrder(), 64, 1, Duration.ofMillis(200));
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> saves.run(0), this.callers);
		Waits.awaitLatch(committing);
		assertThatExceptionOfType(BatchTimeoutException.class).isThrownBy(() -> saves.run(1))
			.satisfies((ex) -> assertThat(ex.notTaken()).isTrue());
		assertThat(saves.queued()).isZero();
		release.countDown();
		assertThat(first.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(saves.run(2)).isTrue();
		assertThat(batches).containsExactly(List.of(0), List.of(2));
	}

	/**
	 * Many callers at once, two batches at a time, batches that fail at random or leave
	 * saves unapplied: each save ends exactly once, in at most one committed batch, no
	 * more than two batches run at once, and none is left waiting.
	 */
	@Test
	void underContentionEverySaveEndsOnceAndNoneIsStranded() throws Exception {
		int callers = 16;
		int savesEach = 2_000;
		Set<Integer> committed = ConcurrentHashMap.newKeySet();
		AtomicInteger committedTwice = new AtomicInteger();
		AtomicInteger inBatch = new AtomicInteger();
		AtomicInteger overlapping = new AtomicInteger();
		StoreBatches<Integer, Boolean> saves = new StoreBatches<Integer, Boolean>((batch) -> {
			if (inBatch.incrementAndGet() > 2) {
				overlapping.incrementAndGet();
			}
			try {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				if (random.nextInt(10) == 0) {
					throw new IllegalStateException("the transaction rolled back");
				}
				List<Boolean> applied = new ArrayList<>();
				for (Integer save : batch) {
					boolean commits = random.nextInt(10) != 0;
					if (commits && !committed.add(save)) {
						committedTwice.incrementAndGet();
					}
					applied.add(commits ? Boolean.TRUE : null);
				}
				return applied;
			}
			finally {
				inBatch.decrementAndGet();
			}
		}, Comparator.<Integer>naturalOrder(), 8, 2, Waits.TIMEOUT);
		Set<Integer> applied = ConcurrentHashMap.newKeySet();
		Set<Integer> alone = ConcurrentHashMap.newKeySet();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> runs = new ArrayList<>();
		for (int caller = 0; caller < callers; caller++) {
			int first = caller * savesEach;
			runs.add(CompletableFuture.runAsync(() -> {
				Waits.awaitLatch(start);
				for (int save = first; save < first + savesEach; save++) {
					(Boolean.TRUE.equals(saves.run(save)) ? applied : alone).add(save);
				}
			}, this.callers));
		}
		start.countDown();
		CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
			.get(Waits.WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(overlapping).as("batches that ran while two others ran").hasValue(0);
		assertThat(committedTwice).as("saves committed twice").hasValue(0);
		assertThat(applied).as("saves applied").isEqualTo(committed);
		assertThat(applied.size() + alone.size()).as("saves that ended").isEqualTo(callers * savesEach);
		assertThat(saves.queued()).isZero();
	}

	private static Function<List<Integer>, List<Boolean>> recording(List<List<Integer>> batches) {
		return (batch) -> {
			synchronized (batches) {
				batches.add(List.copyOf(batch));
			}
			return Collections.nCopies(batch.size(), true);
		};
	}

}
