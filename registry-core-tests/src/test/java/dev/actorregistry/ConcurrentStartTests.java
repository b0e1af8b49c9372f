package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Races on starting and stopping the actor of one key: the factory runs once per
 * activation, a slow start holds up only its own key, and {@code lookup} never hands out
 * an actor that has stopped.
 */
// only a guard against a hang: every wait inside ends sooner, saying what it waited for
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ConcurrentStartTests {

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	/** Latches that hold factories: all opened after each test, whatever happened. */
	private final List<CountDownLatch> latches = new ArrayList<>();

	private final CountDownLatch release = latch(1);

	@AfterEach
	void cleanUp() throws InterruptedException {
		// never leave a factory blocked, or a drain would wait on it
		this.latches.forEach(CountDownLatch::countDown);
		for (Thread thread : this.threads) {
			thread.join(Waits.TIMEOUT.toMillis());
		}
		this.registries.forEach(ActorRegistry::close);
	}

	/**
	 * Race: 64 threads pass a barrier together and call {@code lookupOrStart} on one key
	 * while the first factory call is held open, so every other caller arrives during the
	 * start. The factory must run once and every caller must get that one ref. The race
	 * is run on 20 keys in turn: a check-then-act start would lose it only now and then.
	 */
	@Test
	void raceOfSixtyFourThreadsOnOneKeyRunsFactoryOnce() throws Exception {
		int callers = 64;
		int rounds = 20;
		AtomicIntegerArray factoryCalls = new AtomicIntegerArray(rounds);
		List<CountDownLatch> releases = new ArrayList<>();
		List<CountDownLatch> calling = new ArrayList<>();
		List<CountDownLatch> finished = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			releases.add(latch(1));
			calling.add(new CountDownLatch(callers));
			finished.add(new CountDownLatch(callers));
		}
		ActorRegistry<Integer, Counter> registry = register(
				ActorRegistry.builder("race", Integer.class, (round, context) -> {
					factoryCalls.incrementAndGet(round);
					awaitRelease(releases.get(round));
					return new Counter();
				}).build());
		CyclicBarrier go = new CyclicBarrier(callers);
		Object[][] results = new Object[rounds][callers];
		List<Thread> racers = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			int racer = i;
			racers.add(startThread("racer-" + i, () -> {
				for (int round = 0; round < rounds; round++) {
					try {
						go.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
						calling.get(round).countDown();
						results[round][racer] = registry.lookupOrStart(round);
					}
					catch (Throwable ex) {
						results[round][racer] = ex;
					}
					finally {
						finished.get(round).countDown();
					}
				}
			}));
		}
		for (int round = 0; round < rounds; round++) {
			assertThat(calling.get(round).await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
				.as("all %d racers calling in round %d", callers, round)
				.isTrue();
			// Every racer, the one in the factory included, is parked: in the factory on
			// the latch, or in the registry waiting for that start. Only then let the
			// start end.
			await().atMost(Waits.TIMEOUT)
				.alias("every racer parked in round " + round)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(1))
				.until(() -> racers.stream()
					.allMatch((racer) -> racer.getState() == Thread.State.WAITING
							|| racer.getState() == Thread.State.TIMED_WAITING));
			assertThat(factoryCalls.get(round)).as("factory calls for key %d while starting", round).isEqualTo(1);
			releases.get(round).countDown();
			assertThat(finished.get(round).await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
				.as("all %d racers back from round %d", callers, round)
				.isTrue();
			Object first = results[round][0];
			assertThat(first).isInstanceOf(ActorRef.class);
			for (Object result : results[round]) {
				assertThat(result).isSameAs(first);
			}
			assertThat(factoryCalls.get(round)).as("factory calls for key %d", round).isEqualTo(1);
		}
		assertThat(registry.size()).isEqualTo(rounds);
	}

	/**
	 * Race: while the factory of key A is held open, a start of key B runs on another
	 * thread. B must complete while A is still blocked: there is no start lock shared
	 * between keys.
	 */
	@Test
	void factoryBlockedOnOneKeyDoesNotDelayAnotherKey() throws Exception {
		CountDownLatch insideFactoryOfA = new CountDownLatch(1);
		ActorRegistry<String, Counter> registry = register(
				ActorRegistry.builder("two-keys", String.class, (key, context) -> {
					if (key.equals("A")) {
						insideFactoryOfA.countDown();
						awaitRelease();
					}
					return new Counter();
				}).build());
		ExecutorService callers = Executors.newFixedThreadPool(2);
		try {
			Future<ActorRef<String, Counter>> a = callers.submit(() -> registry.lookupOrStart("A"));
			assertThat(insideFactoryOfA.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			Future<ActorRef<String, Counter>> b = callers.submit(() -> registry.lookupOrStart("B"));
			// B never waits for A, however long it takes to be scheduled: the deadline is
			// a
			// guard, A stays blocked until the test releases it
			ActorRef<String, Counter> refOfB = b.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(refOfB.key()).isEqualTo("B");
			assertThat(refOfB.ask(Counter::increment).get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
				.isEqualTo(1);
			assertThat(a).as("A is still starting while B runs").isNotDone();
			this.release.countDown();
			ActorRef<String, Counter> refOfA = a.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(refOfA.key()).isEqualTo("A");
			assertThat(registry.size()).isEqualTo(2);
		}
		finally {
			this.release.countDown();
			callers.shutdown();
		}
	}

	/**
	 * Race: thread A starts the key's actor and stops it, 100,000 times, while thread B
	 * looks the key up in a loop. A publishes an activation's generation once its stop
	 * has been requested ({@code stop} returned: the actor is stopping) and again once
	 * the stop completed. B reads both before each {@code lookup}: a ref whose generation
	 * was published before the lookup began is an actor that was stopping or had stopped,
	 * which {@code lookup} must never return (a stale window between closing the actor
	 * and removing it from the map). B must look up at least once per round: A waits for
	 * it when it falls behind, as it may when the machine is busy, rather than count on
	 * B's speed.
	 */
	@Test
	void lookupNeverReturnsAStoppedActor() throws Exception {
		int rounds = 100_000;
		AtomicLong generations = new AtomicLong();
		ActorRegistry<String, Generation> registry = register(ActorRegistry
			.builder("stop-lookup", String.class, (key, context) -> new Generation(generations.incrementAndGet()))
			.build());
		// ref -> generation, filled before the generation is published; by identity, as a
		// ref stands for one activation whatever its equals says
		Map<ActorRef<String, Generation>, Long> refs = Collections.synchronizedMap(new IdentityHashMap<>());
		AtomicLong lastStoppingGeneration = new AtomicLong();
		AtomicLong lastStoppedGeneration = new AtomicLong();
		AtomicBoolean done = new AtomicBoolean();
		AtomicLong lookups = new AtomicLong();
		AtomicLong found = new AtomicLong();
		AtomicLong stale = new AtomicLong();
		AtomicLong stopping = new AtomicLong();
		AtomicInteger roundsDone = new AtomicInteger();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CyclicBarrier go = new CyclicBarrier(2);
		Thread stopper = startThread("stopper", () -> {
			try {
				go.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				for (int i = 0; i < rounds; i++) {
					while (lookups.get() <= i && failure.get() == null) {
						Thread.yield();
					}
					ActorRef<String, Generation> ref = registry.lookupOrStart("k");
					long generation = ref.ask(Generation::generation)
						.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
					refs.put(ref, generation);
					CompletableFuture<Void> stopped = registry.stop("k");
					lastStoppingGeneration.set(generation);
					stopped.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
					lastStoppedGeneration.set(generation);
					roundsDone.incrementAndGet();
				}
			}
			catch (Throwable ex) {
				failure.compareAndSet(null, ex);
			}
			finally {
				done.set(true);
			}
		});
		Thread looker = startThread("looker", () -> {
			try {
				go.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				while (!done.get()) {
					long stoppedBefore = lastStoppedGeneration.get();
					long stoppingBefore = lastStoppingGeneration.get();
					Optional<ActorRef<String, Generation>> ref = registry.lookup("k");
					lookups.incrementAndGet();
					if (ref.isPresent()) {
						found.incrementAndGet();
						Long generation = refs.get(ref.get());
						if (generation != null && generation <= stoppedBefore) {
							stale.incrementAndGet();
						}
						else if (generation != null && generation <= stoppingBefore) {
							stopping.incrementAndGet();
						}
					}
				}
			}
			catch (Throwable ex) {
				failure.compareAndSet(null, ex);
			}
		});
		stopper.join(Waits.WORK_TIMEOUT.toMillis());
		assertThat(stopper.isAlive())
			.as("stopper still running after %s, %d of %d rounds done", Waits.WORK_TIMEOUT, roundsDone.get(), rounds)
			.isFalse();
		looker.join(Waits.TIMEOUT.toMillis());
		assertThat(looker.isAlive()).as("looker still running %s after the stopper ended", Waits.TIMEOUT).isFalse();
		System.out.printf("%s: %d lookups, %d found a live actor, %d stale, %d stopping%n", getClass().getSimpleName(),
				lookups.get(), found.get(), stale.get(), stopping.get());
		assertThat(failure.get()).isNull();
		assertThat(generations).hasValue(rounds);
		assertThat(refs).hasSize(rounds);
		assertThat(stale).as("lookups that returned an actor already stopped").hasValue(0);
		assertThat(stopping).as("lookups that returned an actor already stopping").hasValue(0);
		assertThat(lookups.get()).as("lookups").isGreaterThanOrEqualTo(rounds);
		assertThat(found.get()).as("lookups that found a live actor").isPositive();
		assertThat(registry.lookup("k")).isEmpty();
	}

	private <K, A> ActorRegistry<K, A> register(ActorRegistry<K, A> registry) {
		this.registries.add(registry);
		return registry;
	}

	private Thread startThread(String name, Runnable task) {
		Thread thread = new Thread(task, "concurrent-start-" + name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
		return thread;
	}

	private CountDownLatch latch(int count) {
		CountDownLatch latch = new CountDownLatch(count);
		this.latches.add(latch);
		return latch;
	}

	private void awaitRelease() {
		awaitRelease(this.release);
	}

	private static void awaitRelease(CountDownLatch release) {
		try {
			if (!release.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("The test did not release the factory within " + Waits.TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static final class Counter {

		private int count;

		int increment() {
			return ++this.count;
		}

	}

	record Generation(long generation) {

	}

}
