package dev.actorregistry;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the registry at once, on overlapping keys, checked against counts
 * kept outside the registry, across the {@link RegistryConfiguration configurations} that
 * take different paths through an activation's run.
 */
// only a guard against a hang: every wait inside ends sooner, saying what it waited for
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class RegistryStressTests {

	private static final int THREADS = 8;

	private static final int OPERATIONS_PER_THREAD = 20_000;

	private static final int KEYS = 1_000;

	/** Small enough that a busy key's mailbox fills now and then. */
	private static final int CAPACITY = 4;

	static Stream<RegistryConfiguration> configurations() {
		return RegistryConfiguration.all(CAPACITY);
	}

	/**
	 * Race: 8 threads run random starts, sends by key, sends through refs and stops over
	 * 1,000 keys, so stops overlap starts and sends of the same key all the time. The
	 * factory counts live instances per key (+1 in create, -1 in destroy): a create that
	 * finds one already live means two activations of one key. Every accepted message
	 * must run exactly once, every future must complete, and only ref asks may fail, with
	 * {@link ActorStoppedException}, when their actor stopped under them, or with
	 * {@link MailboxFullException} when the mailbox is bounded. Once the senders are
	 * done, the registry's counts must agree with the actors it describes.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("configurations")
	void randomOperationsNeverShowTwoLiveInstancesOfOneKey(RegistryConfiguration configuration) throws Exception {
		LiveInstances live = new LiveInstances(KEYS);
		AtomicLong processed = new AtomicLong();
		ActorFactory<Integer, Worker> factory = new ActorFactory<>() {

			@Override
			public Worker create(Integer key, ActorContext<Integer> context) {
				live.created(key);
				return new Worker(processed);
			}

			@Override
			public void destroy(Integer key, Worker actor) {
				live.destroyed(key);
			}

		};
		ActorRegistryBuilder<Integer, Worker> builder = ActorRegistry.builder("stress", Integer.class, factory);
		RegistryConfiguration.Applied applied = configuration.apply(builder);
		try (ActorRegistry<Integer, Worker> registry = builder.build()) {
			CyclicBarrier go = new CyclicBarrier(THREADS);
			List<Sender> senders = new ArrayList<>();
			List<Thread> threads = new ArrayList<>();
			long seed = System.nanoTime();
			long begin = System.nanoTime();
			for (int i = 0; i < THREADS; i++) {
				Sender sender = new Sender(registry, new SplittableRandom(seed + i), go);
				senders.add(sender);
				Thread thread = new Thread(sender, "stress-" + i);
				threads.add(thread);
				thread.start();
			}
			// the senders' work, not their speed: one deadline for all of them, as a
			// guard
			long sendingDeadline = System.nanoTime() + Waits.WORK_TIMEOUT.toNanos();
			for (Thread thread : threads) {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(sendingDeadline - System.nanoTime())));
				assertThat(thread.isAlive()).as("%s still sending after %s", thread.getName(), Waits.WORK_TIMEOUT)
					.isFalse();
			}
			long sent = System.nanoTime() - begin;
			RegistryInvariants.assertQuietAndConsistent(registry);
			int someKey = registry.whichChildren().stream().findAny().map(ChildInfo::key).orElse(0);

			// Nothing accepted may be abandoned, however many tells a busy machine left
			// queued: the drain ends as soon as they ran, its timeout is a guard.
			DrainReport report = registry.drain(Waits.WORK_TIMEOUT);

			Outcomes byKeyAsks = new Outcomes();
			Outcomes refAsks = new Outcomes();
			Outcomes stops = new Outcomes();
			// the drain completed every future already: this only bounds a bug
			long deadline = System.nanoTime() + Waits.TIMEOUT.toNanos();
			long acceptedTells = 0;
			long refusedTells = 0;
			long operations = 0;
			for (Sender sender : senders) {
				assertThat(sender.failure.get()).as("exception thrown by a registry call").isNull();
				byKeyAsks.collect(sender.byKeyAsks, deadline);
				refAsks.collect(sender.refAsks, deadline);
				stops.collect(sender.stops, deadline);
				acceptedTells += sender.acceptedTells;
				refusedTells += sender.refusedTells;
				operations += sender.operations;
			}
			System.out.printf(
					"%s (%s): seed %d, %d operations sent in %d ms, drained in %d ms; %d instances created; "
							+ "by-key asks %s; ref asks %s; stops %s; %d tells accepted, %d refused as full; "
							+ "%d messages processed%n",
					getClass().getSimpleName(), configuration, seed, operations, TimeUnit.NANOSECONDS.toMillis(sent),
					report.elapsed().toMillis(), live.creates.get(), byKeyAsks, refAsks, stops, acceptedTells,
					refusedTells, processed.get());

			assertThat(operations).isEqualTo((long) THREADS * OPERATIONS_PER_THREAD);
			assertThat(live.violations).as("creates that found the key's instance still live").hasValue(0);
			assertThat(live.negative).as("destroys of a key with no live instance").hasValue(0);
			assertThat(live.maxLivePerKey).as("most live instances of one key").hasValue(1);
			assertThat(live.creates.get()).as("instances created: stops must have forced restarts").isGreaterThan(KEYS);
			assertThat(live.destroys.get()).as("instances destroyed").isEqualTo(live.creates.get());

			for (Outcomes outcomes : List.of(byKeyAsks, refAsks, stops)) {
				assertThat(outcomes.incomplete).as("futures not complete %s after the drain", Waits.TIMEOUT).isZero();
				assertThat(outcomes.unexpected.get()).as("futures failed with an unexpected exception").isNull();
			}
			assertThat(byKeyAsks.stopped).as("by-key asks must reach a live activation").isZero();
			assertThat(stops.stopped).isZero();
			assertThat(stops.full).as("stops are never refused as full").isZero();
			if (configuration.capacity() == 0) {
				assertThat(byKeyAsks.full + refAsks.full + refusedTells).as("messages an unbounded mailbox refused")
					.isZero();
			}
			applied.assertTookEffect("stress", someKey);

			assertThat(report.isComplete()).as("drain report %s", report).isTrue();
			assertThat(report.messagesAbandoned()).isZero();
			assertThat(registry.size()).isZero();
			assertThat(registry.whichChildren()).isEmpty();
			assertThat(processed.get()).as("messages processed == tells accepted + asks answered")
				.isEqualTo(acceptedTells + byKeyAsks.succeeded + refAsks.succeeded);
		}
	}

	/** One thread's random operations, and what came back from them. */
	static final class Sender implements Runnable {

		private final ActorRegistry<Integer, Worker> registry;

		private final SplittableRandom random;

		private final CyclicBarrier go;

		final List<CompletableFuture<?>> byKeyAsks = new ArrayList<>();

		final List<CompletableFuture<?>> refAsks = new ArrayList<>();

		final List<CompletableFuture<?>> stops = new ArrayList<>();

		final AtomicReference<Throwable> failure = new AtomicReference<>();

		long acceptedTells;

		long refusedTells;

		long operations;

		Sender(ActorRegistry<Integer, Worker> registry, SplittableRandom random, CyclicBarrier go) {
			this.registry = registry;
			this.random = random;
			this.go = go;
		}

		@Override
		public void run() {
			try {
				this.go.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
					operate(this.random.nextInt(KEYS), this.random.nextInt(100));
					this.operations++;
				}
			}
			catch (Throwable ex) {
				this.failure.set(ex);
			}
		}

		private void operate(int key, int dice) {
			if (dice < 20) {
				assertThat(this.registry.lookupOrStart(key).key()).isEqualTo(key);
			}
			else if (dice < 45) {
				try {
					this.registry.tell(key, Worker::work);
					this.acceptedTells++;
				}
				catch (MailboxFullException ex) {
					this.refusedTells++;
				}
			}
			else if (dice < 70) {
				this.byKeyAsks.add(this.registry.ask(key, Worker::work));
			}
			else if (dice < 90) {
				this.refAsks.add(this.registry.lookupOrStart(key).ask(Worker::work));
			}
			else {
				this.stops.add(this.registry.stop(key));
			}
		}

	}

	/** How a list of futures ended. */
	static final class Outcomes {

		long succeeded;

		long stopped;

		long full;

		long incomplete;

		final AtomicReference<Throwable> unexpected = new AtomicReference<>();

		void collect(List<CompletableFuture<?>> futures, long deadline) throws InterruptedException {
			for (CompletableFuture<?> future : futures) {
				try {
					future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
					this.succeeded++;
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof ActorStoppedException) {
						this.stopped++;
					}
					else if (ex.getCause() instanceof MailboxFullException) {
						this.full++;
					}
					else {
						this.unexpected.compareAndSet(null, ex.getCause());
					}
				}
				catch (TimeoutException ex) {
					this.incomplete++;
				}
			}
		}

		@Override
		public String toString() {
			return this.succeeded + " ok/" + this.stopped + " stopped/" + this.full + " full/" + this.incomplete
					+ " incomplete";
		}

	}

	/** Live instances per key, as the factory sees them. */
	static final class LiveInstances {

		final AtomicIntegerArray live;

		final AtomicLong creates = new AtomicLong();

		final AtomicLong destroys = new AtomicLong();

		final AtomicLong violations = new AtomicLong();

		final AtomicLong negative = new AtomicLong();

		final AtomicInteger maxLivePerKey = new AtomicInteger();

		LiveInstances(int keys) {
			this.live = new AtomicIntegerArray(keys);
		}

		void created(int key) {
			this.creates.incrementAndGet();
			int now = this.live.incrementAndGet(key);
			if (now > 1) {
				this.violations.incrementAndGet();
			}
			this.maxLivePerKey.accumulateAndGet(now, Math::max);
		}

		void destroyed(int key) {
			this.destroys.incrementAndGet();
			if (this.live.decrementAndGet(key) < 0) {
				this.negative.incrementAndGet();
			}
		}

	}

	static final class Worker implements PersistentActor<Worker.Count> {

		private final AtomicLong processed;

		private int count;

		Worker(AtomicLong processed) {
			this.processed = processed;
		}

		int work() {
			this.processed.incrementAndGet();
			return ++this.count;
		}

		@Override
		public Count snapshot() {
			return new Count(this.count);
		}

		@Override
		public void restore(Count state) {
			this.count = state.count();
		}

		/**
		 * The state saved with write-through.
		 *
		 * @param count messages run by the key's actors
		 */
		record Count(int count) implements Serializable {

		}

	}

}
