package dev.actorregistry.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.DrainReport;
import dev.actorregistry.RegistryStatus;

/**
 * Draining a registry with work still queued: 100,000 actors with 10 told messages each,
 * none run yet when {@link ActorRegistry#drain} starts; timed until every message ran and
 * every actor stopped. Against the floor: the same million tasks queued on a
 * {@link ForkJoinPool} of as many threads, then {@code shutdown} and
 * {@code awaitTermination}.
 * <p>
 * Both run the same work per message, a {@link Counter} increment, and count the messages
 * that ran in a {@link LongAdder}; the secondary result {@code lost} is the messages sent
 * less the ones that ran, summed over the measured iterations, and must be 0. A registry
 * drain whose report has anything abandoned, rejected or left running, or fewer messages
 * run than sent, fails the run.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = { "-Xms4g", "-Xmx4g" })
public class DrainBenchmark {

	static final int ACTORS = 100_000;

	static final int MESSAGES_PER_ACTOR = 10;

	static final int MESSAGES = ACTORS * MESSAGES_PER_ACTOR;

	static final int THREADS = Runtime.getRuntime().availableProcessors();

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(1);

	/** The messages that did not run, reported by JMH beside the time. */
	@AuxCounters(AuxCounters.Type.EVENTS)
	@State(Scope.Thread)
	public static class Losses {

		/** Messages sent and never run. */
		public long lost;

	}

	/**
	 * A registry whose actors each hold 10 told messages, not yet run: its executor holds
	 * every activation it is given until the drain has begun.
	 */
	@State(Scope.Thread)
	public static class Registry {

		/** Boxed once, so each tell boxes nothing. */
		final Integer[] keys = new Integer[ACTORS];

		ForkJoinPool pool;

		ActorRegistry<Integer, Counter> registry;

		LongAdder ran;

		Thread opener;

		/** Box the keys and start the threads the actors run on. */
		@Setup(Level.Trial)
		public void startPool() {
			for (int i = 0; i < ACTORS; i++) {
				this.keys[i] = i;
			}
			// async mode, as the registry's own executor: activations run in FIFO order
			this.pool = new ForkJoinPool(THREADS, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
		}

		/**
		 * Start the actors and queue their messages, one round of tells to every actor,
		 * ten times; then wait, on a thread of its own, for the drain to begin and open
		 * the gate.
		 */
		@Setup(Level.Invocation)
		public void queueMessages() {
			Gate gate = new Gate(this.pool);
			LongAdder ran = new LongAdder();
			Consumer<Counter> increment = (counter) -> {
				counter.increment();
				ran.increment();
			};
			ActorRegistry<Integer, Counter> registry = ActorRegistry
				.builder("drain", Integer.class, (key, context) -> new Counter())
				.idleTimeout(Duration.ZERO)
				.executor(gate)
				.build();
			for (int round = 0; round < MESSAGES_PER_ACTOR; round++) {
				for (Integer key : this.keys) {
					registry.tell(key, increment);
				}
			}
			if (gate.held() != ACTORS || registry.pendingMessages() != MESSAGES) {
				throw new IllegalStateException("expected " + ACTORS + " actors with " + MESSAGES
						+ " messages held, found " + gate.held() + " with " + registry.pendingMessages());
			}
			this.ran = ran;
			this.registry = registry;
			collectGarbage();
			// Opened here, some messages would run before the drain began: instead a
			// thread spins for the few microseconds until the benchmark calls drain.
			this.opener = new Thread(() -> {
				while (registry.status() == RegistryStatus.RUNNING) {
					Thread.onSpinWait();
				}
				gate.open();
			}, "gate-opener");
			this.opener.setDaemon(true);
			this.opener.start();
		}

		/**
		 * Close the registry, in case the benchmark failed before its drain, and wait for
		 * the opener to end.
		 * @throws InterruptedException if interrupted while waiting for it
		 */
		@TearDown(Level.Invocation)
		public void awaitOpener() throws InterruptedException {
			this.registry.close();
			this.opener.join();
		}

		/**
		 * Stop the threads.
		 * @throws InterruptedException if interrupted while waiting for them
		 */
		@TearDown(Level.Trial)
		public void stopPool() throws InterruptedException {
			this.pool.shutdown();
			this.pool.awaitTermination(1, TimeUnit.MINUTES);
		}

	}

	/**
	 * An executor that holds the tasks it is given until opened, then hands them, and
	 * every later one, to its target.
	 */
	static final class Gate implements Executor {

		private final Executor target;

		private final List<Runnable> held = new ArrayList<>();

		private volatile boolean open;

		Gate(Executor target) {
			this.target = target;
		}

		@Override
		public void execute(Runnable task) {
			if (!this.open) {
				synchronized (this) {
					if (!this.open) {
						this.held.add(task);
						return;
					}
				}
			}
			this.target.execute(task);
		}

		synchronized int held() {
			return this.held.size();
		}

		void open() {
			synchronized (this) {
				this.open = true;
			}
			// no task is added once open, so the list is read outside the lock
			for (Runnable task : this.held) {
				this.target.execute(task);
			}
			this.held.clear();
		}

	}

	/**
	 * A fork-join pool with a million tasks queued, not yet run: its threads are held
	 * busy until the benchmark lets them go.
	 */
	@State(Scope.Thread)
	public static class Pool {

		ForkJoinPool pool;

		CountDownLatch release;

		LongAdder ran;

		/**
		 * Occupy every thread of a new pool, then queue the tasks: ten rounds over one
		 * task per counter.
		 * @throws InterruptedException if interrupted while the threads are occupied
		 */
		@Setup(Level.Invocation)
		public void queueTasks() throws InterruptedException {
			ForkJoinPool pool = new ForkJoinPool(THREADS, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
			CountDownLatch occupied = new CountDownLatch(THREADS);
			CountDownLatch release = new CountDownLatch(1);
			for (int i = 0; i < THREADS; i++) {
				pool.execute(() -> {
					occupied.countDown();
					awaitUninterruptibly(release);
				});
			}
			occupied.await();
			LongAdder ran = new LongAdder();
			Runnable[] tasks = new Runnable[ACTORS];
			for (int i = 0; i < ACTORS; i++) {
				Counter counter = new Counter();
				tasks[i] = () -> {
					counter.increment();
					ran.increment();
				};
			}
			for (int round = 0; round < MESSAGES_PER_ACTOR; round++) {
				for (Runnable task : tasks) {
					pool.execute(task);
				}
			}
			if (pool.getQueuedSubmissionCount() != MESSAGES) {
				throw new IllegalStateException(
						"expected " + MESSAGES + " tasks queued, found " + pool.getQueuedSubmissionCount());
			}
			this.pool = pool;
			this.release = release;
			this.ran = ran;
			collectGarbage();
		}

		private static void awaitUninterruptibly(CountDownLatch latch) {
			boolean interrupted = false;
			for (;;) {
				try {
					latch.await();
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * Collect the previous invocation's garbage and move the queued work out of the young
	 * generation, so no collection copies it while the drain is timed.
	 */
	static void collectGarbage() {
		System.gc();
	}

	/**
	 * Drain the registry; its held activations run once the drain has begun.
	 * @param state the registry, its messages queued
	 * @param losses where the messages that did not run are counted
	 * @return the drain's report
	 */
	@Benchmark
	public DrainReport registry(Registry state, Losses losses) {
		DrainReport report = state.registry.drain(DRAIN_TIMEOUT);
		losses.lost += MESSAGES - state.ran.sum();
		// every message ran after the drain began, so the report counts them all
		if (!report.isComplete() || report.actorsStopped() != ACTORS || report.messagesProcessed() != MESSAGES
				|| report.messagesRejected() != 0) {
			throw new IllegalStateException("the drain left work undone: " + report);
		}
		return report;
	}

	/**
	 * Let the occupied threads go, shut the pool down and wait for its queued tasks.
	 * @param state the pool, its tasks queued
	 * @param losses where the tasks that did not run are counted
	 * @return whether the pool terminated in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Benchmark
	public boolean executorService(Pool state, Losses losses) throws InterruptedException {
		state.pool.shutdown();
		state.release.countDown();
		boolean terminated = state.pool.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		losses.lost += MESSAGES - state.ran.sum();
		return terminated;
	}

}
