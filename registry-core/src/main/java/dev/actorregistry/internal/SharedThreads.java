package dev.actorregistry.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.jspecify.annotations.Nullable;

/**
 * The threads registries use when they are given none: created on first use, shared by
 * every registry in the JVM, daemon threads so they never keep a JVM alive.
 */
final class SharedThreads {

	private SharedThreads() {
	}

	static Executor executor() {
		return ExecutorHolder.EXECUTOR;
	}

	static ScheduledExecutorService scheduler() {
		return SchedulerHolder.SCHEDULER;
	}

	private static final class ExecutorHolder {

		// Not the common pool: on a two-core machine it has a single thread. Async mode
		// runs submitted activations in FIFO order, as an actor dispatcher should.
		static final ForkJoinPool EXECUTOR = new ForkJoinPool(Runtime.getRuntime().availableProcessors(), (pool) -> {
			var thread = new TurnWorker(pool);
			thread.setName("actor-registry-" + thread.getPoolIndex());
			return thread;
		}, null, true);

	}

	private static final class SchedulerHolder {

		static final ScheduledExecutorService SCHEDULER = create();

		private static ScheduledExecutorService create() {
			var scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
				var thread = new Thread(task, "actor-registry-scheduler");
				thread.setDaemon(true);
				return thread;
			});
			scheduler.setRemoveOnCancelPolicy(true);
			return scheduler;
		}

	}

	/**
	 * A thread of the shared pool, which remembers the actor whose turn it runs in a
	 * field of its own: cheaper than a thread-local, which other executors' threads use.
	 */
	static final class TurnWorker extends ForkJoinWorkerThread {

		/** Read and written by this thread only. */
		@Nullable Turns<?, ?> turn;

		TurnWorker(ForkJoinPool pool) {
			super(pool);
		}

	}

}
