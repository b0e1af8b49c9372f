package dev.actorregistry.spring.jpa;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Calls of a store by different actors that are due at the same moment, run together in
 * one transaction: group commit across actors. Each call joins a queue; one of the
 * waiting callers leads, takes what is queued (up to a limit) and runs it as one batch,
 * while calls that arrive meanwhile queue for the next batch. A transaction costs about
 * the same for one row as for several (a commit waits for the database's log to reach the
 * disk, and every transaction has its round trips), so under load that cost is shared,
 * and an idle store runs each call at once, as a batch of one.
 * <p>
 * A batch may leave a call without a result: a save whose row was not where it expected,
 * or every call of a batch that failed as a whole. The call is then handed back to its
 * caller to run alone, in a transaction of its own, so each call keeps its own outcome
 * and a poisoned one fails only itself. A batch takes its calls in the order of the rows
 * they touch, so that batches running at once never deadlock on each other's rows.
 * <p>
 * A leader is one of the callers, whose thread would otherwise wait for its own result:
 * batches have no thread of their own. When its batch is done, the leader wakes the first
 * waiting caller to lead the next one, and returns.
 *
 * @param <T> what a call carries to the batch
 * @param <R> what the batch answers a call with
 */
final class StoreBatches<T, R> {

	/**
	 * How long a waiting caller parks before it looks again whether it may lead: a safety
	 * net only, as each leader wakes the next one when it is done.
	 */
	private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private final ConcurrentLinkedQueue<Queued<T, R>> queue = new ConcurrentLinkedQueue<>();

	/** The batches running now. */
	private final AtomicInteger leaders = new AtomicInteger();

	private final Function<List<T>, List<@Nullable R>> batch;

	private final Comparator<? super T> rowOrder;

	private final int maxBatch;

	private final int maxLeaders;

	private final long timeoutNanos;

	/**
	 * @param batch runs the calls of a batch in one transaction and answers each, with
	 * null for one the caller must run alone; throws if the transaction failed
	 * @param rowOrder the order of a batch's calls, the order of the rows they lock
	 * @param maxBatch the most calls one batch takes
	 * @param maxLeaders the most batches that run at once
	 * @param timeout how long a caller waits for the batch its call joined
	 */
	StoreBatches(Function<List<T>, List<@Nullable R>> batch, Comparator<? super T> rowOrder, int maxBatch,
			int maxLeaders, Duration timeout) {
		this.batch = Objects.requireNonNull(batch);
		this.rowOrder = Objects.requireNonNull(rowOrder);
		this.maxBatch = maxBatch;
		this.maxLeaders = maxLeaders;
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Run a call with whatever calls are due with it.
	 * @param call the call
	 * @return what its batch answered, or null if the caller must run it alone
	 * @throws BatchTimeoutException if no batch answered it within the timeout
	 */
	@Nullable R run(T call) {
		Queued<T, R> queued = new Queued<>(call, Thread.currentThread());
		this.queue.add(queued);
		long deadline = System.nanoTime() + this.timeoutNanos;
		// an interrupt does not end the wait: the call may be in a transaction already,
		// and its caller must learn how that ended; the wait has its deadline regardless
		boolean interrupted = false;
		try {
			while (!queued.answered) {
				if (becameLeader()) {
					try {
						leadOneBatch();
					}
					finally {
						this.leaders.decrementAndGet();
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
			return queued.result;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * The calls waiting for a batch.
	 * @return how many
	 */
	int queued() {
		return this.queue.size();
	}

	private boolean becameLeader() {
		for (int now = this.leaders.get(); now < this.maxLeaders; now = this.leaders.get()) {
			if (this.leaders.compareAndSet(now, now + 1)) {
				return true;
			}
		}
		return false;
	}

	private void leadOneBatch() {
		List<Queued<T, R>> taken = new ArrayList<>();
		for (Queued<T, R> next; taken.size() < this.maxBatch && (next = this.queue.poll()) != null;) {
			taken.add(next);
		}
		if (taken.isEmpty()) {
			return;
		}
		taken.sort(Comparator.comparing((queued) -> queued.call, this.rowOrder));
		List<@Nullable R> results;
		try {
			results = this.batch.apply(taken.stream().map((queued) -> queued.call).toList());
		}
		catch (RuntimeException ex) {
			// the transaction rolled back: each call runs alone, to keep its own outcome
			results = null;
		}
		for (int i = 0; i < taken.size(); i++) {
			Queued<T, R> queued = taken.get(i);
			queued.result = (results != null) ? results.get(i) : null;
			queued.answered = true;
			LockSupport.unpark(queued.waiter);
		}
	}

	private void wakeNextLeader() {
		Queued<T, R> next = this.queue.peek();
		if (next != null) {
			LockSupport.unpark(next.waiter);
		}
	}

	/** A call that waited for its batch longer than the timeout. */
	static final class BatchTimeoutException extends RuntimeException {

		private final boolean notTaken;

		BatchTimeoutException(boolean notTaken) {
			super(null, null, false, false);
			this.notTaken = notTaken;
		}

		/**
		 * Whether no batch had taken the call: then it certainly did not run.
		 * @return whether it was still queued
		 */
		boolean notTaken() {
			return this.notTaken;
		}

	}

	private static final class Queued<T, R> {

		final T call;

		final Thread waiter;

		/** Written before {@link #answered}, read after it. */
		@Nullable R result;

		volatile boolean answered;

		Queued(T call, Thread waiter) {
			this.call = call;
			this.waiter = waiter;
		}

	}

}
