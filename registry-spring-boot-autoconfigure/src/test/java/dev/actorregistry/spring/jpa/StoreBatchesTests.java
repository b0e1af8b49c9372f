package dev.actorregistry.spring.jpa;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
		HeldBatches batches = new HeldBatches(64, 1, Waits.TIMEOUT, HeldBatches::allApplied);
		assertThat(batches.saves.run(1)).isTrue();
		assertThat(batches.saves.run(2)).isTrue();
		assertThat(batches.taken).containsExactly(List.of(1), List.of(2));
	}

	@Test
	void savesThatQueueWhileABatchCommitsShareTheNextInKeyOrder() throws Exception {
		HeldBatches held = new HeldBatches(64, 1, Waits.TIMEOUT, HeldBatches::allApplied);
		List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
		outcomes.add(held.holdFirst());
		for (int save = 9; save >= 1; save--) {
			outcomes.add(held.start(save));
		}
		held.awaitQueued(9);
		held.release();
		for (CompletableFuture<Boolean> outcome : outcomes) {
			assertThat(held.outcomeOf(outcome)).isTrue();
		}
		assertThat(held.taken).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
	}

	@Test
	void aSecondLeaderCommitsWhileTheFirstBatchWaits() throws Exception {
		HeldBatches held = new HeldBatches(64, 2, Waits.TIMEOUT, HeldBatches::allApplied);
		CompletableFuture<Boolean> first = held.holdFirst();
		assertThat(held.saves.run(1)).isTrue();
		assertThat(first).isNotDone();
		held.release();
		assertThat(held.outcomeOf(first)).isTrue();
		assertThat(held.taken).containsExactly(List.of(0), List.of(1));
	}

	@Test
	void aBatchTakesNoMoreThanItsLimit() throws Exception {
		HeldBatches held = new HeldBatches(4, 1, Waits.TIMEOUT, HeldBatches::allApplied);
		List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
		outcomes.add(held.holdFirst());
		for (int save = 1; save <= 10; save++) {
			outcomes.add(held.start(save));
			held.awaitQueued(save);
		}
		held.release();
		for (CompletableFuture<Boolean> outcome : outcomes) {
			assertThat(held.outcomeOf(outcome)).isTrue();
		}
		assertThat(held.taken).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10));
	}

	@Test
	void aSaveTheBatchDidNotApplyAndEverySaveOfAFailedBatchRunAlone() throws Exception {
		HeldBatches held = new HeldBatches(64, 1, Waits.TIMEOUT, (batch) -> {
			if (batch.contains(13)) {
				throw new IllegalStateException("the transaction rolled back");
			}
			return batch.stream().map((save) -> (save % 2 == 0) ? Boolean.TRUE : null).toList();
		});
		CompletableFuture<Boolean> first = held.holdFirst();
		CompletableFuture<Boolean> even = held.start(2);
		CompletableFuture<Boolean> odd = held.start(3);
		held.awaitQueued(2);
		held.release();
		assertThat(held.outcomeOf(first)).isTrue();
		assertThat(held.outcomeOf(even)).isTrue();
		assertThat(held.outcomeOf(odd)).isNull();
		assertThat(held.saves.run(13)).isNull();
		assertThat(held.saves.run(14)).isTrue();
	}

	@Test
	void aSaveThatNoBatchTookInTimeFailsAndIsNotCommittedLater() throws Exception {
		HeldBatches held = new HeldBatches(64, 1, Duration.ofMillis(200), HeldBatches::allApplied);
		CompletableFuture<Boolean> first = held.holdFirst();
		assertThatExceptionOfType(BatchTimeoutException.class).isThrownBy(() -> held.saves.run(1))
			.satisfies((ex) -> assertThat(ex.notTaken()).isTrue());
		assertThat(held.saves.queued()).isZero();
		held.release();
		assertThat(held.outcomeOf(first)).isTrue();
		assertThat(held.saves.run(2)).isTrue();
		assertThat(held.taken).containsExactly(List.of(0), List.of(2));
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

	/**
	 * Batches of saves numbered by integers, recorded as each batch takes them; the batch
	 * that holds save 0 waits until {@link #release()}.
	 */
	private final class HeldBatches {

		final List<List<Integer>> taken = new CopyOnWriteArrayList<>();

		final StoreBatches<Integer, Boolean> saves;

		private final CountDownLatch committing = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		HeldBatches(int maxBatch, int maxLeaders, Duration timeout, Function<List<Integer>, List<Boolean>> answers) {
			this.saves = new StoreBatches<>((batch) -> {
				this.taken.add(List.copyOf(batch));
				if (batch.contains(0)) {
					this.committing.countDown();
					Waits.awaitLatch(this.released);
				}
				return answers.apply(batch);
			}, Comparator.naturalOrder(), maxBatch, maxLeaders, timeout);
		}

		static List<Boolean> allApplied(List<Integer> batch) {
			return Collections.nCopies(batch.size(), true);
		}

		/** Save 0 on a caller of its own, once its batch is committing. */
		CompletableFuture<Boolean> holdFirst() {
			CompletableFuture<Boolean> first = start(0);
			Waits.awaitLatch(this.committing);
			return first;
		}

		CompletableFuture<Boolean> start(int save) {
			return CompletableFuture.supplyAsync(() -> this.saves.run(save), StoreBatchesTests.this.callers);
		}

		void awaitQueued(int count) {
			Waits.eventually().until(this.saves::queued, (queued) -> queued == count);
		}

		void release() {
			this.released.countDown();
		}

		Boolean outcomeOf(CompletableFuture<Boolean> save) throws Exception {
			return save.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}

	}

}
