package dev.actorregistry.benchmarks;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorregistry.ActorRegistry;

/**
 * Messages per second to actors that block for a millisecond on each one, as a JDBC call
 * would: the registry on virtual threads against the registry on a pool of
 * {@value #POOL_SIZE} platform threads, the size of the Spring starter's {@code bounded}
 * executor.
 * <p>
 * Each operation sends {@value #MESSAGES_PER_ACTOR} messages to each of {@value #ACTORS}
 * live actors, round robin, and waits until all have run; the score counts messages.
 * Virtual threads need Java 21: run with
 * {@code -jvm /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlockingActorsBenchmark {

	static final int ACTORS = 1000;

	static final int MESSAGES_PER_ACTOR = 5;

	static final int MESSAGES = ACTORS * MESSAGES_PER_ACTOR;

	static final int POOL_SIZE = 16;

	/** The actors on virtual threads, one per turn. */
	@State(Scope.Benchmark)
	public static class VirtualThreads {

		private Actors actors;

		/**
		 * Start the actors on a virtual-thread-per-task executor.
		 * @throws IllegalStateException on a JVM older than Java 21
		 */
		@Setup
		public void start() {
			this.actors = new Actors(virtualThreadPerTask());
		}

		/** Drain the registry and shut the executor down. */
		@TearDown
		public void stop() throws InterruptedException {
			this.actors.stop();
		}

		// Looked up at run time: the benchmarks compile for Java 17.
		private static ExecutorService virtualThreadPerTask() {
			try {
				Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
				return (ExecutorService) factory.invoke(null);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("BlockingActorsBenchmark.virtualThreads needs virtual threads, "
						+ "which this JVM (Java " + Runtime.version().feature() + ") does not have: run JMH with "
						+ "-jvm pointing at a JDK 21 or newer, such as "
						+ "-jvm /usr/lib/jvm/temurin-25-jdk-amd64/bin/java", ex);
			}
		}

	}

	/** The actors on a fixed pool of platform threads. */
	@State(Scope.Benchmark)
	public static class PlatformPool {

		private Actors actors;

		/** Start the actors on a fixed pool. */
		@Setup
		public void start() {
			this.actors = new Actors(Executors.newFixedThreadPool(POOL_SIZE));
		}

		/** Drain the registry and shut the pool down. */
		@TearDown
		public void stop() throws InterruptedException {
			this.actors.stop();
		}

	}

	/**
	 * Send a batch of messages to actors on virtual threads and wait for all of them.
	 * @param state the actors
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public void virtualThreads(VirtualThreads state) throws InterruptedException {
		state.actors.sendBatch();
	}

	/**
	 * Send a batch of messages to actors on platform threads and wait for all of them.
	 * @param state the actors
	 * @throws InterruptedException if interrupted while waiting
	 */
	@Benchmark
	@OperationsPerInvocation(MESSAGES)
	public void platformPool(PlatformPool state) throws InterruptedException {
		state.actors.sendBatch();
	}

	/** A registry of live blocking actors and the executor it runs on. */
	static final class Actors {

		private final Integer[] keys = new Integer[ACTORS];

		private final ActorRegistry<Integer, Blocking> registry;

		private final ExecutorService executor;

		Actors(ExecutorService executor) {
			this.executor = executor;
			this.registry = ActorRegistry.builder("blocking", Integer.class, (key, context) -> new Blocking())
				.idleTimeout(Duration.ZERO)
				.executor(executor)
				.build();
			// started up front, so the batches measure messages, not activations
			for (int i = 0; i < ACTORS; i++) {
				this.keys[i] = i;
				this.registry.lookupOrStart(this.keys[i]);
			}
		}

		void sendBatch() throws InterruptedException {
			CountDownLatch done = new CountDownLatch(MESSAGES);
			for (int i = 0; i < MESSAGES; i++) {
				this.registry.tell(this.keys[i % ACTORS], (actor) -> actor.query(done));
			}
			// a lost message would hang the benchmark: fail it instead
			if (!done.await(1, TimeUnit.MINUTES)) {
				throw new IllegalStateException(done.getCount() + " of " + MESSAGES + " messages never ran");
			}
		}

		void stop() throws InterruptedException {
			this.registry.close();
			this.executor.shutdown();
			this.executor.awaitTermination(1, TimeUnit.MINUTES);
		}

	}

	/** An actor whose every message blocks for a millisecond. */
	static final class Blocking {

		private long queries;

		void query(CountDownLatch done) {
			try {
				Thread.sleep(1);
				this.queries++;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				done.countDown();
			}
		}

	}

}
