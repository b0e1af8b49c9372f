package dev.actorregistry.benchmarks;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
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

import dev.actorregistry.ActorRef;
import dev.actorregistry.ActorRegistry;

/**
 * Looking up a live actor by key, against the floor: a bare {@link ConcurrentHashMap#get}
 * on a map of the same keys. Both read the same 10,000 boxed keys in the same order.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LookupBenchmark {

	private static final int ACTORS = 10_000;

	private final Integer[] keys = new Integer[ACTORS];

	private final ConcurrentHashMap<Integer, Counter> map = new ConcurrentHashMap<>();

	private ActorRegistry<Integer, Counter> registry;

	@Setup
	public void activate() {
		this.registry = ActorRegistry.builder("lookup", Integer.class, (key, context) -> new Counter())
			.idleTimeout(Duration.ZERO)
			.build();
		for (int i = 0; i < ACTORS; i++) {
			this.keys[i] = i;
			this.registry.lookupOrStart(this.keys[i]);
			this.map.put(this.keys[i], new Counter());
		}
	}

	@TearDown
	public void drain() {
		this.registry.close();
	}

	/** Each thread walks the keys from its own place. */
	@State(Scope.Thread)
	public static class Cursor {

		private int next;

		int next() {
			int index = this.next;
			this.next = (index + 1 == ACTORS) ? 0 : index + 1;
			return index;
		}

	}

	@Benchmark
	public Optional<ActorRef<Integer, Counter>> registry(Cursor cursor) {
		return this.registry.lookup(this.keys[cursor.next()]);
	}

	@Benchmark
	public @Nullable Counter concurrentHashMap(Cursor cursor) {
		return this.map.get(this.keys[cursor.next()]);
	}

}
