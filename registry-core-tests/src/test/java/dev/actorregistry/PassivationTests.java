package dev.actorregistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.test.HeldScheduler;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle passivation and the {@code maxActive} limit. Time is a {@link ManualClock}: tests
 * advance it and call {@link ActorRegistry#passivateIdle()} rather than sleep. The
 * registry's own sweep runs on a {@link HeldScheduler}, so it never interferes, except in
 * the test of the sweep itself.
 */
class PassivationTests {

	private static final Duration IDLE = Duration.ofMinutes(10);

	private static final Duration ALMOST_IDLE = IDLE.minusSeconds(1);

	private static final Duration PAST_IDLE = IDLE.plusSeconds(1);

	private final ManualClock clock = new ManualClock();

	private final HeldScheduler sweeps = new HeldScheduler();

	// An executor of its own: a test that fails while an actor blocks cannot starve the
	// shared pool that other tests use.
	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	/** Every instance created, by key. */
	private final Map<String, Probe> probes = new ConcurrentHashMap<>();

	@AfterEach
	void cleanUp() {
		this.release.countDown();
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.sweeps.close();
		this.executor.shutdownNow();
	}

	@Test
	void idleActorIsPassivatedOnlyAfterTheIdleTimeout() {
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.idleTimeout(IDLE));
		ActorRef<String, Probe> ref = registry.lookupOrStart("a");
		Probe probe = this.probes.get("a");

		this.clock.advance(ALMOST_IDLE);
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isZero();
		assertThat(registry.lookup("a")).containsSame(ref);
		assertThat(registry.size()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(2));
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isEqualTo(1);
		// no stale window: gone from lookups as soon as the stop is decided
		assertThat(registry.lookup("a")).isEmpty();
		assertThat(ref.isAlive()).isFalse();
		assertThat(registry.size()).isZero();
		eventually().untilAsserted(() -> assertThat(probe.stops).containsExactly(StopReason.IDLE));
		eventually().until(() -> registry.whichChildren().isEmpty());
		// already passivated: a second sweep finds nothing
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isZero();
	}

	@Test
	void messageResetsTheIdleTime() throws Exception {
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.idleTimeout(IDLE));
		ActorRef<String, Probe> ref = registry.lookupOrStart("a");
		Probe probe = this.probes.get("a");

		this.clock.advance(ALMOST_IDLE);
		touch(registry, "a");
		this.clock.advance(ALMOST_IDLE);
		// idle for 9:59 since the message, 19:58 since the start
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isZero();
		assertThat(registry.lookup("a")).containsSame(ref);

		this.clock.advance(Duration.ofSeconds(2));
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isEqualTo(1);
		assertThat(registry.lookup("a")).isEmpty();
		eventually().untilAsserted(() -> assertThat(probe.stops).containsExactly(StopReason.IDLE));
	}

	@Test
	void actorWithQueuedMessagesIsNeverPassivated() throws Exception {
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.idleTimeout(IDLE));
		ActorRef<String, Probe> ref = registry.lookupOrStart("a");
		Probe probe = this.probes.get("a");
		CompletableFuture<Probe> blocker = blockOn(ref);
		List<CompletableFuture<Probe>> queued = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			queued.add(ref.ask(Probe::count));
		}

		this.clock.advance(IDLE.multipliedBy(6));
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isZero();
		assertThat(registry.lookup("a")).containsSame(ref);
		assertThat(registry.size()).isEqualTo(1);

		this.release.countDown();
		blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		for (CompletableFuture<Probe> reply : queued) {
			reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		assertThat(probe.handled).isEqualTo(4);
		awaitIdleSinceNow(registry, "a");
		// idle time counts from the end of the last message, not from the start
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isZero();
		assertThat(registry.lookup("a")).containsSame(ref);

		this.clock.advance(PAST_IDLE);
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isEqualTo(1);
		assertThat(registry.lookup("a")).isEmpty();
		eventually().untilAsserted(() -> assertThat(probe.stops).containsExactly(StopReason.IDLE));
	}

	@Test
	void startingOneTooManyEvictsTheLeastRecentlyActiveIdleActor() throws Exception {
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.maxActive(3));
		startAll(registry, "a", "b", "c");
		// b is least recently active, though neither first started nor first in any order
		// of the keys
		touchInOrder(registry, "b", "a", "c");

		registry.lookupOrStart("d");

		assertThat(registry.lookup("b")).isEmpty();
		assertThat(registry.lookup("a")).isPresent();
		assertThat(registry.lookup("c")).isPresent();
		assertThat(registry.lookup("d")).isPresent();
		assertThat(registry.size()).isEqualTo(3);
		eventually().untilAsserted(() -> assertThat(this.probes.get("b").stops).containsExactly(StopReason.EVICTED));
		assertThat(this.probes.get("a").stops).isEmpty();
		assertThat(this.probes.get("c").stops).isEmpty();
		assertThat(this.probes.get("d").stops).isEmpty();
		assertThat(registry.whichChildren()).extracting(ChildInfo::key).containsExactlyInAnyOrder("a", "c", "d");
	}

	@Test
	void busyActorIsNotEvictedEvenIfLeastRecentlyActive() throws Exception {
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.maxActive(3));
		startAll(registry, "a", "b", "c");
		touchInOrder(registry, "b", "a", "c");
		// b is least recent but busy: the next in line, a, must go instead
		CompletableFuture<Probe> blocker = blockOn(registry.lookupOrStart("b"));

		registry.lookupOrStart("d");

		assertThat(registry.lookup("a")).isEmpty();
		assertThat(registry.lookup("b")).isPresent();
		assertThat(registry.lookup("c")).isPresent();
		assertThat(registry.lookup("d")).isPresent();
		assertThat(registry.size()).isEqualTo(3);
		eventually().untilAsserted(() -> assertThat(this.probes.get("a").stops).containsExactly(StopReason.EVICTED));
		assertThat(this.probes.get("b").stops).isEmpty();

		this.release.countDown();
		assertThat(blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(this.probes.get("b"));
		assertThat(registry.lookup("b")).isPresent();
		assertThat(this.probes.get("b").stops).isEmpty();
		assertThat(this.probes.get("c").stops).isEmpty();
		assertThat(this.probes.get("d").stops).isEmpty();
	}

	@Test
	void aRegistryOverItsLimitEvictsTheLeastRecentActorsDownToASixteenthBelowIt() {
		// a limit of 32 leaves room for two more starts after each eviction
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.maxActive(32));
		for (int i = 0; i < 32; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			registry.lookupOrStart("k" + i);
		}
		assertThat(registry.size()).isEqualTo(32);

		// the starting caller evicts: one over the limit plus 32 / 16
		registry.lookupOrStart("k32");

		assertThat(registry.size()).isEqualTo(30);
		assertThat(Stream.of("k0", "k1", "k2").map(registry::lookup)).allMatch(Optional::isEmpty);
		assertThat(Stream.of("k3", "k31", "k32").map(registry::lookup)).allMatch(Optional::isPresent);
		eventually().untilAsserted(() -> assertThat(this.probes.get("k2").stops).containsExactly(StopReason.EVICTED));
		assertThat(this.probes.get("k3").stops).isEmpty();

		// the two starts that follow are under the limit again: nobody goes
		registry.lookupOrStart("k33");
		registry.lookupOrStart("k34");
		assertThat(registry.size()).isEqualTo(32);
		assertThat(this.probes.get("k3").stops).isEmpty();
	}

	@Test
	void aNewKeyForEveryRequestNeverTakesMoreThanTheLimit() {
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.maxActive(100));
		for (int i = 0; i < 5_000; i++) {
			registry.ask("visitor-" + i, Probe::count).join();
			assertThat(registry.size()).isLessThanOrEqualTo(100);
		}
		eventually().untilAsserted(() -> assertThat(
				this.probes.values().stream().filter((probe) -> probe.stops.contains(StopReason.EVICTED)).count())
			.isGreaterThanOrEqualTo(4_900));
	}

	@Test
	void aRegistryIsBoundedByDefaultByTheHeap() {
		ActorRegistry<String, Probe> registry = registry(UnaryOperator.identity());

		long heapDerived = Runtime.getRuntime().maxMemory() / ActorRegistryBuilder.DEFAULT_HEAP_PER_ACTOR;
		int expected = (int) Math.min(Integer.MAX_VALUE,
				Math.max(ActorRegistryBuilder.MIN_DEFAULT_MAX_ACTIVE, heapDerived));
		assertThat(registry.settings().maxActive()).isEqualTo(expected)
			.isEqualTo(ActorRegistryBuilder.defaultMaxActive());
	}

	@Test
	void periodicSweepPassivatesWithoutBeingAsked() {
		// a 40 ms timeout makes the registry sweep every 10 ms of real time
		Duration idle = Duration.ofMillis(40);
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.idleTimeout(idle));
		this.sweeps.release();
		registry.lookupOrStart("a");
		this.clock.advance(Duration.ofMillis(30));
		ActorRef<String, Probe> b = registry.lookupOrStart("b");
		this.clock.advance(Duration.ofMillis(11));

		// a is idle 41 ms, b 11 ms; the clock stands still, so b survives every sweep
		eventually().until(() -> registry.lookup("a").isEmpty());
		eventually().untilAsserted(() -> assertThat(this.probes.get("a").stops).containsExactly(StopReason.IDLE));
		assertThat(registry.lookup("b")).containsSame(b);
		assertThat(this.probes.get("b").stops).isEmpty();
		assertThat(registry.size()).isEqualTo(1);
	}

	private ActorRegistry<String, Probe> registry(UnaryOperator<ActorRegistryBuilder<String, Probe>> customizer) {
		ActorRegistryBuilder<String, Probe> builder = ActorRegistry
			.builder("passivation-tests", String.class, this::newProbe)
			.clock(this.clock)
			.executor(this.executor)
			.scheduler(this.sweeps.scheduler())
			.drainTimeout(TIMEOUT);
		ActorRegistry<String, Probe> registry = customizer.apply(builder).build();
		this.registries.add(registry);
		return registry;
	}

	private Probe newProbe(String key, ActorContext<String> context) {
		Probe probe = new Probe();
		assertThat(this.probes.put(key, probe)).as("one instance per key in these tests").isNull();
		return probe;
	}

	private void startAll(ActorRegistry<String, Probe> registry, String... keys) {
		for (String key : keys) {
			registry.lookupOrStart(key);
		}
		assertThat(registry.size()).isEqualTo(keys.length);
	}

	/** Send each key a message, a second apart, so their last activity times differ. */
	private void touchInOrder(ActorRegistry<String, Probe> registry, String... keys) throws Exception {
		for (String key : keys) {
			this.clock.advance(Duration.ofSeconds(1));
			touch(registry, key);
		}
	}

	/** Send a message, wait for it, and wait until the actor counts it as its last. */
	private void touch(ActorRegistry<String, Probe> registry, String key) throws Exception {
		registry.ask(key, Probe::count).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		awaitIdleSinceNow(registry, key);
	}

	/**
	 * Wait until the actor's last activity reads the current time and its mailbox is
	 * empty: otherwise the next clock advance could be taken for its last activity.
	 */
	private void awaitIdleSinceNow(ActorRegistry<String, Probe> registry, String key) {
		Instant now = this.clock.instant();
		eventually().untilAsserted(() -> assertThat(registry.child(key)).hasValueSatisfying((child) -> {
			assertThat(child.mailboxSize()).isZero();
			assertThat(child.lastActiveAt()).isEqualTo(now);
		}));
	}

	/** Send a message that blocks until released, and wait until it runs. */
	private CompletableFuture<Probe> blockOn(ActorRef<String, Probe> ref) throws InterruptedException {
		return Waits.blockOn(ref, this.release, Probe::count);
	}

	/** An actor that counts its messages and records how it stopped. */
	static final class Probe implements ActorLifecycle {

		final List<StopReason> stops = new CopyOnWriteArrayList<>();

		volatile int handled;

		Probe count() {
			this.handled++; // only ever on the actor's own turn
			return this;
		}

		@Override
		public void onStop(StopReason reason) {
			this.stops.add(reason);
		}

	}

}
