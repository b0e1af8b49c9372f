package dev.actorregistry.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import dev.actorregistry.ActorRegistry;

/**
 * Messages per second through fire-and-forget tells: each producer thread sends a batch
 * spread over the actors and waits until every message of it ran, so the score counts
 * messages processed, not merely queued. Ours tells by key (a lookup per message); Pekko
 * tells an {@link ActorRef} it holds. Both run on a fork-join pool of one thread per
 * core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class TellBenchmark {

	static final int BATCH = 10_000;

	/** One hot actor, or many actors each receiving a share. */
	@Param({ "1", "10000" })
	public int actors;

	/** What each message carries from its sender (issue 13); Pekko carries nothing. */
	@Param({ "NONE", "EMPTY", "UNSET", "REGISTERED" })
	public SenderContext context;

	private Integer[] keys;

	private ActorRegistry<Integer, Counter> registry;

	private Counting[] proxies;

	private ActorSystem<Void> system;

	private ActorRef<PekkoCounter.Command>[] refs;

	@Setup
	@SuppressWarnings("unchecked")
	public void start() {
		this.keys = new Integer[this.actors];
		this.refs = new ActorRef[this.actors];
		this.proxies = new Counting[this.actors];
		this.registry = this.context
			.apply(ActorRegistry.builder("tell", Integer.class, (key, context) -> new Counter()))
			.idleTimeout(Duration.ZERO)
			.build();
		this.system = PekkoCounter.system(Behaviors.empty(), "tell");
		for (int i = 0; i < this.actors; i++) {
			this.keys[i] = i;
			this.registry.lookupOrStart(this.keys[i]);
			this.proxies[i] = this.registry.client(Counting.class).get(this.keys[i]);
			this.refs[i] = this.system.systemActorOf(PekkoCounter.create(), "counter-" + i, Props.empty());
		}
	}

	@TearDown
	public void stop() {
		this.registry.close();
		PekkoCounter.terminate(this.system);
	}

	/** One producer thread: its batch, its messages, and where it is in the keys. */
	@State(Scope.Thread)
	public static class Producer {

		final Batch batch = new Batch();

		/** Built once: the runtimes compare on delivering messages, not creating them. */
		final Consumer<Counter> tell = (counter) -> {
			counter.increment();
			this.batch.ran();
		};

		final PekkoCounter.Increment increment = new PekkoCounter.Increment(this.batch);

		private int next;

		@Setup
		public void enter(TellBenchmark benchmark) {
			benchmark.context.enterSender();
		}

		int next(int actors) {
			int index = this.next;
			this.next = (index + 1 >= actors) ? 0 : index + 1;
			return index;
		}

	}

	@Benchmark
	@Threads(1)
	@OperationsPerInvocation(BATCH)
	public void registry1Producer(Producer producer) {
		tellRegistry(producer);
	}

	@Benchmark
	@Threads(2)
	@OperationsPerInvocation(BATCH)
	public void registry2Producers(Producer producer) {
		tellRegistry(producer);
	}

	/**
	 * The same tells through the counter's contract: proxy calls of a one-way operation.
	 */
	@Benchmark
	@Threads(1)
	@OperationsPerInvocation(BATCH)
	public void registryProxy1Producer(Producer producer) {
		producer.batch.begin(BATCH);
		for (int i = 0; i < BATCH; i++) {
			this.proxies[producer.next(this.actors)].increment(producer.batch);
		}
		producer.batch.await();
	}

	@Benchmark
	@Threads(1)
	@OperationsPerInvocation(BATCH)
	public void pekko1Producer(Producer producer) {
		tellPekko(producer);
	}

	@Benchmark
	@Threads(2)
	@OperationsPerInvocation(BATCH)
	public void pekko2Producers(Producer producer) {
		tellPekko(producer);
	}

	private void tellRegistry(Producer producer) {
		producer.batch.begin(BATCH);
		for (int i = 0; i < BATCH; i++) {
			this.registry.tell(this.keys[producer.next(this.actors)], producer.tell);
		}
		producer.batch.await();
	}

	private void tellPekko(Producer producer) {
		producer.batch.begin(BATCH);
		for (int i = 0; i < BATCH; i++) {
			this.refs[producer.next(this.actors)].tell(producer.increment);
		}
		producer.batch.await();
	}

}
