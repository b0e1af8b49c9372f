package dev.actorregistry.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorregistry.ActorRegistry;

/**
 * Heap retained per idle trivial actor: a million idle {@link Counter} actors in the
 * registry, against a million idle Apache Pekko typed actors, children of one guardian.
 * <p>
 * The figures are secondary results: {@code bytesPerActor} and {@code retainedMiB}, the
 * heap in use after full collections once the actors are live, less the same reading
 * before the first one starts. What the actors need and nothing else holds counts: their
 * boxed keys, held by the registry only, and Pekko's child names. The primary score is
 * only how long starting them and settling the heap took.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
// a fixed heap, so the readings do not move with its resizing
@Fork(value = 1, jvmArgsAppend = { "-Xms4g", "-Xmx4g" })
public class IdleActorFootprintBenchmark {

	static final int ACTORS = 1_000_000;

	/**
	 * Keys from here up: none is in the {@link Integer} cache, so each one is a box of
	 * its own.
	 */
	static final int FIRST_KEY = 1_000_000;

	private static final double MIB = 1024 * 1024;

	/** The measured footprint, reported by JMH beside the time. */
	@AuxCounters(AuxCounters.Type.EVENTS)
	@State(Scope.Thread)
	public static class Footprint {

		/** Heap retained per actor, in bytes. */
		public double bytesPerActor;

		/** Heap retained by all the actors, in MiB. */
		public double retainedMiB;

		void record(long before, long after) {
			this.bytesPerActor = (double) (after - before) / ACTORS;
			this.retainedMiB = (after - before) / MIB;
		}

	}

	/** An empty registry, and the million actors it holds once the benchmark ran. */
	@State(Scope.Benchmark)
	public static class Registry {

		@Nullable ActorRegistry<Integer, Counter> registry;

		/** Build the registry before the first reading: it is not a per-actor cost. */
		@Setup
		public void build() {
			this.registry = ActorRegistry.builder("footprint", Integer.class, (key, context) -> new Counter())
				.idleTimeout(Duration.ZERO)
				// a million live actors: more than the default bound for this heap
				.maxActive(0)
				.build();
		}

		/** Stop the actors. */
		@TearDown
		public void close() {
			if (this.registry != null) {
				this.registry.close();
			}
		}

	}

	/** A Pekko actor system whose guardian spawns the actors on demand. */
	@State(Scope.Benchmark)
	public static class Pekko {

		@Nullable ActorSystem<SpawnCounters> system;

		/** Start the system before the first reading: it is not a per-actor cost. */
		@Setup
		public void start() {
			Config config = ConfigFactory.parseString("""
					pekko.loglevel = WARNING
					pekko.stdout-loglevel = WARNING
					pekko.log-dead-letters = off
					""").withFallback(ConfigFactory.load());
			this.system = ActorSystem.create(guardian(), "footprint", config);
		}

		/** Stop the system and its actors. */
		@TearDown
		public void terminate() throws Exception {
			if (this.system != null) {
				this.system.terminate();
				this.system.getWhenTerminated().toCompletableFuture().get(2, TimeUnit.MINUTES);
			}
		}

	}

	/**
	 * Ask the guardian to spawn {@code count} children named by their keys.
	 *
	 * @param firstKey the first key
	 * @param count how many
	 * @param child the behavior of every child
	 * @param spawned completed once the guardian spawned them all
	 */
	record SpawnCounters(int firstKey, int count, Behavior<Increment> child, CompletableFuture<Void> spawned) {
	}

	/** The only message of a Pekko counter. */
	enum Increment {

		INSTANCE

	}

	static Behavior<SpawnCounters> guardian() {
		return Behaviors.receive((context, spawn) -> {
			for (int key = spawn.firstKey(); key < spawn.firstKey() + spawn.count(); key++) {
				context.spawn(spawn.child(), Integer.toString(key));
			}
			spawn.spawned().complete(null);
			return Behaviors.same();
		});
	}

	/**
	 * A counter like the registry's: one {@link Counter} per actor. The setup step only
	 * says the child started; the behavior it leaves is the plain receive.
	 */
	static Behavior<Increment> counter(CountDownLatch started) {
		return Behaviors.setup((context) -> {
			Counter counter = new Counter();
			started.countDown();
			return Behaviors.receive((self, message) -> {
				counter.increment();
				return Behaviors.same();
			});
		});
	}

	/**
	 * A million idle registry actors.
	 * @param state the empty registry
	 * @param footprint where the footprint goes
	 */
	@Benchmark
	public void registry(Registry state, Footprint footprint) {
		ActorRegistry<Integer, Counter> registry = Objects.requireNonNull(state.registry, "built by @Setup");
		long before = settledHeapUsed();
		for (int key = FIRST_KEY; key < FIRST_KEY + ACTORS; key++) {
			registry.lookupOrStart(key);
		}
		if (registry.size() != ACTORS) {
			throw new IllegalStateException("expected " + ACTORS + " live actors, found " + registry.size());
		}
		long after = settledHeapUsed();
		Reference.reachabilityFence(registry);
		footprint.record(before, after);
	}

	/**
	 * A million idle Pekko typed actors, each started before the heap is read.
	 * @param state the actor system
	 * @param footprint where the footprint goes
	 * @throws Exception if the actors do not start in time
	 */
	@Benchmark
	public void pekko(Pekko state, Footprint footprint) throws Exception {
		ActorSystem<SpawnCounters> system = Objects.requireNonNull(state.system, "started by @Setup");
		long before = settledHeapUsed();
		CountDownLatch started = new CountDownLatch(ACTORS);
		CompletableFuture<Void> spawned = new CompletableFuture<>();
		system.tell(new SpawnCounters(FIRST_KEY, ACTORS, counter(started), spawned));
		spawned.get(2, TimeUnit.MINUTES);
		if (!started.await(2, TimeUnit.MINUTES)) {
			throw new IllegalStateException("only " + (ACTORS - started.getCount()) + " Pekko actors started");
		}
		long after = settledHeapUsed();
		Reference.reachabilityFence(system);
		footprint.record(before, after);
	}

	/**
	 * Heap in use once full collections no longer free anything: a single
	 * {@link System#gc()} may leave garbage that a second one frees.
	 */
	static long settledHeapUsed() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long previous = Long.MAX_VALUE;
		for (int round = 0; round < 10; round++) {
			System.gc();
			long used = memory.getHeapMemoryUsage().getUsed();
			if (round >= 2 && previous - used < 64 * 1024) {
				return used;
			}
			previous = used;
		}
		return previous;
	}

}
