package dev.actorregistry.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorregistry.ActorRegistry;

/**
 * The round trip of one request and its reply, the caller waiting for it: ours asks by
 * key, Pekko through its ask pattern on a ref it holds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AskBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Integer key = 1;

	/** What each message carries from its sender (issue 13); Pekko carries nothing. */
	@Param({ "NONE", "EMPTY", "UNSET", "REGISTERED" })
	public SenderContext context;

	private ActorRegistry<Integer, Counter> registry;

	private Counting proxy;

	private ActorSystem<Void> system;

	private ActorRef<PekkoCounter.Command> ref;

	@Setup
	public void start() {
		this.registry = this.context.apply(ActorRegistry.builder("ask", Integer.class, (key, context) -> new Counter()))
			.idleTimeout(Duration.ZERO)
			.build();
		this.context.enterSender();
		this.registry.lookupOrStart(this.key);
		this.proxy = this.registry.client(Counting.class).get(this.key);
		this.system = PekkoCounter.system(Behaviors.empty(), "ask");
		this.ref = this.system.systemActorOf(PekkoCounter.create(), "counter", Props.empty());
	}

	@TearDown
	public void stop() {
		this.registry.close();
		PekkoCounter.terminate(this.system);
	}

	@Benchmark
	public long registry() {
		return this.registry.ask(this.key, Counter::incrementAndGet).join();
	}

	/**
	 * The same ask through the counter's contract: a proxy call of a blocking operation.
	 */
	@Benchmark
	public long registryProxy() {
		return this.proxy.incrementAndGet();
	}

	/**
	 * The same ask as an async turn whose stage is complete when the function returns:
	 * the cost of the async path (its routing, its turn object) over a lambda's.
	 */
	@Benchmark
	public long registryAsync() {
		return this.registry
			.askAsync(this.key, (counter) -> CompletableFuture.completedFuture(counter.incrementAndGet()))
			.join();
	}

	@Benchmark
	public long pekko() {
		return AskPattern.<PekkoCounter.Command, Long>ask(this.ref, PekkoCounter.IncrementAndGet::new, TIMEOUT,
				this.system.scheduler())
			.toCompletableFuture()
			.join();
	}

}
