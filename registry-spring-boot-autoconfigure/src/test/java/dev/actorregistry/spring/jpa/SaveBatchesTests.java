package dev.actorregistry.spring.jpa;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

import dev.actorregistry.spring.jpa.SaveBatches.BatchTimeoutException;
import dev.actorregistry.spring.jpa.SaveBatches.Outcome;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The queue and the leadership of {@link SaveBatches}, with batches that are lists in
 * memory: who commits what, and that no save is lost, committed twice or left waiting.
 */
class SaveBatchesTests {

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@AfterEach
	void stopCallers() {
		this.callers.shutdownNow();
	}

	@Test
	void anIdleStoreCommitsASaveAtOnceInABatchOfItsOwn() {
		List<List<Integer>> batches = new ArrayList<>();
		SaveBatches<Integer> saves = new SaveBatches<Integer>(recording(batches), Comparator.<Integer>naturalOrder(),
				64, Waits.TIMEOUT);
		assertThat(saves.save(1)).isEqualTo(Outcome.APPLIED);
		assertThat(saves.save(2)).isEqualTo(Outcome.APPLIED);
		assertThat(batches).containsExactly(List.of(1), List.of(2));
	}

	@Test
	void savesThatQueueWhileABatchCommitsShareTheNextInKeyOrder() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> batches = new ArrayList<>();
		Function<List<Integer>, boolean[]> record = recording(batches);
		SaveBatches<Integer> saves = new SaveBatches<Integer>((batch) -> {
			if (batch.contains(0)) {
				Waits.awaitLatch(release);
			}
			return record.apply(batch);
		}, Comparator.<Integer>naturalOrder(), 64, Waits.TIMEOUT);
		List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
		outcomes.add(CompletableFuture.supplyAsync(() -> saves.save(0), this.callers));
		Waits.eventually().until(saves::queued, (queued) -> queued == 0);
		for (int save = 9; save >= 1; save--) {
			int value = save;
			outcomes.add(CompletableFuture.supplyAsync(() -> saves.save(value), this.callers));
		}
		Waits.eventually().until(saves::queued, (queued) -> queued == 9);
		release.countDown();
		for (CompletableFuture<Outcome> outcome : outcomes) {
			assertThat(outcome.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Outcome.APPLIED);
		}
		assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
	}

	@Test
	void aBatchTakesNoMoreThanItsLimit() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> batches = new ArrayList<>();
		Function<List<Integer>, boolean[]> record = recording(batches);
		SaveBatches<Integer> saves = new SaveBatches<Integer>((batch) -> {
			if (batch.contains(0)) {
				Waits.awaitLatch(release);
			}
			return record.apply(batch);
		}, Comparator.<Integer>naturalOrder(), 4, Waits.TIMEOUT);
		List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
		outcomes.add(CompletableFuture.supplyAsync(() -> saves.save(0), this.callers));
		Waits.eventually().until(saves::queued, (queued) -> queued == 0);
		for (int save = 1; save <= 10; save++) {
			int value = save;
			outcomes.add(CompletableFuture.supplyAsync(() -> saves.save(value), this.callers));
			Waits.eventually().until(saves::queued, (queued) -> queued == value);
		}
		release.countDown();
		for (CompletableFuture<Outcome> outcome : outcomes) {
			assertThat(outcome.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Outcome.APPLIED);
		}
		assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10));
	}

	@Test
	void aSaveTheBatchDidNotApplyAndEverySaveOfAFailedBatchRunAlone() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		SaveBatches<Integer> saves = new SaveBatches<Integer>((batch) -> {
			if (batch.contains(0)) {
				Waits.awaitLatch(release);
				return new boolean[] { true };
			}
			if (batch.contains(13)) {
				throw new IllegalStateException("the transaction rolled back");
			}
			boolean[] applied = new boolean[batch.size()];
			for (int i = 0; i < applied.length; i++) {
				applied[i] = batch.get(i) % 2 == 0;
			}
			return applied;
		}, Comparator.<Integer>naturalOrder(), 64, Waits.TIMEOUT);
		CompletableFuture<Outcome> first = CompletableFuture.supplyAsync(() -> saves.save(0), this.callers);
		Waits.eventually().until(saves::queued, (queued) -> queued == 0);
		CompletableFuture<Outcome> even = CompletableFuture.supplyAsync(() -> saves.save(2), this.callers);
		CompletableFuture<Outcome> odd = CompletableFuture.supplyAsync(() -> saves.save(3), this.callers);
		Waits.eventually().until(saves::queued, (queued) -> queued == 2);
		release.countDown();
		assertThat(first.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Outcome.APPLIED);
		assertThat(even.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Outcome.APPLIED);
		assertThat(odd.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Outcome.ALONE);
		assertThat(saves.save(13)).isEqualTo(Outcome.ALONE);
		assertThat(saves.save(14)).isEqualTo(Outcome.APPLIED);
	}

	@Test
	void aSaveThatNoBatchTookInTimeFailsAndIsNotCommittedLater() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<List<Integer>> batches = new ArrayList<>();
		Function<List<Integer>, boolean[]> record = recording(batches);
		SaveBatches<Integer> saves = new SaveBatches<Integer>((batch) -> {
			if (batch.contains(0)) {
				Waits.awaitLatch(release);
			}
			return record.apply(batch);
		}, Comparator.<Integer>naturalOrder(), 64, Duration.ofMillis(200));
		CompletableFuture<Outcome> first = CompletableFuture.supplyAsync(() -> saves.save(0), this.callers);
		Waits.eventually().until(saves::queued, (queued) -> queued == 0);
		assertThatExceptionOfType(BatchTimeoutException.class).isThrownBy(() -> saves.save(1))
			.satisfies((ex) -> assertThat(ex.notTaken()).isTrue());
		assertThat(saves.queued()).isZero();
		release.countDown();
		assertThat(first.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Outcome.APPLIED);
		assertThat(saves.save(2)).isEqualTo(Outcome.APPLIED);
		assertThat(batches).containsExactly(List.of(0), List.of(2));
	}

	/**
	 * Many callers at once, batches that fail at random or leave saves unapplied: each
	 * save ends exactly once, in at most one committed batch, and none is left waiting.
	 */
	@Test
	void underContentionEverySaveEndsOnceAndNoneIsStranded() throws Exception {
		int callers = 16;
		int savesEach = 2_000;
		Set<Integer> committed = ConcurrentHashMap.newKeySet();
		AtomicInteger committedTwice = new AtomicInteger();
		AtomicInteger inBatch = new AtomicInteger();
		AtomicInteger overlapping = new AtomicInteger();
		SaveBatches<Integer> saves = new SaveBatches<Integer>((batch) -> {
			if (inBatch.incrementAndGet() > 1) {
				overlapping.incrementAndGet();
			}
			try {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				if (random.nextInt(10) == 0) {
					throw new IllegalStateException("the transaction rolled back");
				}
				boolean[] applied = new boolean[batch.size()];
				for (int i = 0; i < applied.length; i++) {
					applied[i] = random.nextInt(10) != 0;
					if (applied[i] && !committed.add(batch.get(i))) {
						committedTwice.incrementAndGet();
					}
				}
				return applied;
			}
			finally {
				inBatch.decrementAndGet();
			}
		}, Comparator.<Integer>naturalOrder(), 8, Waits.TIMEOUT);
		Set<Integer> applied = ConcurrentHashMap.newKeySet();
		Set<Integer> alone = ConcurrentHashMap.newKeySet();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> runs = new ArrayList<>();
		for (int caller = 0; caller < callers; caller++) {
			int first = caller * savesEach;
			runs.add(CompletableFuture.runAsync(() -> {
				Waits.awaitLatch(start);
				for (int save = first; save < first + savesEach; save++) {
					(saves.save(save) == Outcome.APPLIED ? applied : alone).add(save);
				}
			}, this.callers));
		}
		start.countDown();
		CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
			.get(Waits.WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(overlapping).as("batches that ran while another ran").hasValue(0);
		assertThat(committedTwice).as("saves committed twice").hasValue(0);
		assertThat(applied).as("saves applied").isEqualTo(committed);
		assertThat(applied.size() + alone.size()).as("saves that ended").isEqualTo(callers * savesEach);
		assertThat(saves.queued()).isZero();
	}

	private static Function<List<Integer>, boolean[]> recording(List<List<Integer>> batches) {
		return (batch) -> {
			synchronized (batches) {
				batches.add(List.copyOf(batch));
			}
			boolean[] applied = new boolean[batch.size()];
			Arrays.fill(applied, true);
			return applied;
		};
	}

}
