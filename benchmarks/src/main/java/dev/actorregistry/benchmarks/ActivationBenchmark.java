package dev.actorregistry.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Activations per second: ours starts trivial actors on {@code lookupOrStart} misses of
 * fresh keys; Pekko's guardian spawns children named by the same keys. Every key is new,
 * so both accumulate actors through an iteration, our registry without a bound as Pekko
 * has none; each iteration starts on an empty registry and a fresh actor system.
 * {@code registryBounded} starts the same keys in a registry with the default working set
 * bound (the heap / 64 KiB: 65,536 actors at 4 GiB), which it crosses early in every
 * iteration: what a stream of new keys costs once eviction runs.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@State(Scope.Benchmark)
public class ActivationBenchmark {

	static final int BATCH = 1_000;

	private ActorRegistry<Integer, Counter> registry;

	private ActorRegistry<Integer, Counter> bounded;

	private ActorSystem<SpawnBatch> system;

	private int nextKey;

	/**
	 * Ask Pekko's guardian to spawn a batch of children.
	 *
	 * @param from the first key
	 * @param done completed once they are spawned
	 */
	record SpawnBatch(int from, CompletableFuture<Void> done) {
	}

	static Behavior<SpawnBatch> guardian() {
		return Behaviors.receive((context, batch) -> {
			for (int key = batch.from(); key < batch.from() + BATCH; key++) {
				context.spawn(PekkoCounter.create(), String.valueOf(key));
			}
			batch.done().complete(null);
			return Behaviors.same();
		});
	}

	@Setup(Level.Iteration)
	public void start() {
		this.nextKey = 0;
		this.registry = ActorRegistry.builder("activation", Integer.class, (key, context) -> new Counter())
			.idleTimeout(Duration.ZERO)
			.maxActive(0)
			.build();
		this.bounded = ActorRegistry.builder("activation-bounded", Integer.class, (key, context) -> new Counter())
			.idleTimeout(Duration.ZERO)
			.build();
		this.system = PekkoCounter.system(guardian(), "activation");
	}

	@TearDown(Level.Iteration)
	public void stop() {
		this.registry.close();
		this.bounded.close();
		PekkoCounter.terminate(this.system);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void registry() {
		int from = this.nextKey;
		for (int key = from; key < from + BATCH; key++) {
			this.registry.lookupOrStart(key);
		}
		this.nextKey = from + BATCH;
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void registryBounded() {
		int from = this.nextKey;
		for (int key = from; key < from + BATCH; key++) {
			this.bounded.lookupOrStart(key);
		}
		this.nextKey = from + BATCH;
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void pekko() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.system.tell(new SpawnBatch(this.nextKey, done));
		done.join();
		this.nextKey += BATCH;
	}

}
