package dev.actorregistry.spring.jpa;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Saves of different actors that are due at the same moment, committed together: group
 * commit across actors. Each save joins a queue; one of the waiting threads leads, takes
 * what is queued (up to a limit) and commits it as one batch in one transaction, while
 * saves that arrive meanwhile queue for the next batch. A database commit costs about the
 * same for one row as for many (it waits for the log to reach the disk), so under load
 * the commits are shared and an idle store commits each save at once, as before.
 * <p>
 * A batch applies a save only if its row was still where the save expects it; a save the
 * batch did not apply, or every save of a batch that failed as a whole, is handed back to
 * its caller to run alone, in a transaction of its own: each save keeps its own outcome,
 * and a poisoned one fails only itself. One batch runs at a time, in key order, so that
 * batches never deadlock on each other's rows.
 * <p>
 * The leader is one of the callers, whose thread would otherwise wait for its own commit:
 * no thread of its own. When its batch is done, it wakes the first waiting caller to lead
 * the next one and returns.
 *
 * @param <S> what a save carries to the batch
 */
final class SaveBatches<S> {

	/**
	 * How long a waiting caller parks before it looks again whether it may lead: a safety
	 * net only, as the leader wakes the next one when it is done.
	 */
	private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private final ConcurrentLinkedQueue<Queued<S>> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean leading = new AtomicBoolean();

	private final Function<List<S>, boolean[]> commit;

	private final Comparator<S> lockOrder;

	private final int maxBatch;

	private final long timeoutNanos;

	/**
	 * @param commit commits a batch in one transaction and says which of its saves it
	 * applied; throws if the transaction failed
	 * @param lockOrder the order of a batch's saves, the order of the rows they lock
	 * @param maxBatch the most saves one batch commits
	 * @param timeout how long a caller waits for the batch its save joined
	 */
	SaveBatches(Function<List<S>, boolean[]> commit, Comparator<S> lockOrder, int maxBatch, Duration timeout) {
		this.commit = Objects.requireNonNull(commit);
		this.lockOrder = Objects.requireNonNull(lockOrder);
		this.maxBatch = maxBatch;
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Commit a save with whatever saves are due with it.
	 * @param save the save
	 * @return {@link Outcome#APPLIED} once a batch committed it, {@link Outcome#ALONE} if
	 * the caller must run it alone
	 * @throws BatchTimeoutException if no batch committed it within the timeout: it may
	 * still be committed if a batch had taken it
	 */
	Outcome save(S save) {
		Queued<S> queued = new Queued<>(save, Thread.currentThread());
		this.queue.add(queued);
		long deadline = System.nanoTime() + this.timeoutNanos;
		// an interrupt does not end the wait: the save may be in a transaction already,
		// and its caller must learn how that ended; the wait has its deadline regardless
		boolean interrupted = false;
		try {
			while (true) {
				Outcome outcome = queued.outcome;
				if (outcome != null) {
					return outcome;
				}
				if (this.leading.compareAndSet(false, true)) {
					try {
						leadOneBatch();
					}
					finally {
						this.leading.set(false);
						wakeNextLeader();
					}
					continue;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new BatchTimeoutException(this.queue.remove(queued));
				}
				LockSupport.parkNanos(this, Math.min(left, RECHECK_NANOS));
				interrupted |= Thread.interrupted();
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** The saves waiting for a batch, for tests. */
	int queued() {
		return this.queue.size();
	}

	private void leadOneBatch() {
		List<Queued<S>> batch = new ArrayList<>();
		for (Queued<S> next; batch.size() < this.maxBatch && (next = this.queue.poll()) != null;) {
			batch.add(next);
		}
		if (batch.isEmpty()) {
			return;
		}
		batch.sort(Comparator.comparing((queued) -> queued.save, this.lockOrder));
		boolean[] applied;
		try {
			applied = this.commit.apply(batch.stream().map((queued) -> queued.save).toList());
		}
		catch (RuntimeException ex) {
			// the transaction rolled back: each save runs alone, to keep its own outcome
			applied = new boolean[batch.size()];
		}
		for (int i = 0; i < batch.size(); i++) {
			Queued<S> queued = batch.get(i);
			queued.outcome = applied[i] ? Outcome.APPLIED : Outcome.ALONE;
			LockSupport.unpark(queued.waiter);
		}
	}

	private void wakeNextLeader() {
		Queued<S> next = this.queue.peek();
		if (next != null) {
			LockSupport.unpark(next.waiter);
		}
	}

	/** What became of a save. */
	enum Outcome {

		/** A batch committed it. */
		APPLIED,

		/**
		 * No batch did: its row was not where it expected, or its batch failed; the
		 * caller runs it alone.
		 */
		ALONE

	}

	/** A save that waited for its batch longer than the timeout. */
	static final class BatchTimeoutException extends RuntimeException {

		private final boolean notTaken;

		BatchTimeoutException(boolean notTaken) {
			super(null, null, false, false);
			this.notTaken = notTaken;
		}

		/**
		 * Whether no batch had taken the save: then it is certainly not committed.
		 * @return whether it was still queued
		 */
		boolean notTaken() {
			return this.notTaken;
		}

	}

	private static final class Queued<S> {

		final S save;

		final Thread waiter;

		volatile @Nullable Outcome outcome;

		Queued(S save, Thread waiter) {
			this.save = save;
			this.waiter = waiter;
		}

	}

}
