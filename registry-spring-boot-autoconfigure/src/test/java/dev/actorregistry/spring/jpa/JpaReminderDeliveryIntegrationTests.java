package dev.actorregistry.spring.jpa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.reminder.MissedTickPolicy;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.reminder.StoredReminder;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Durable reminders end to end: registries built by the core's builder on the JPA store,
 * on one kind of database; a subclass per kind runs every test. Time is a
 * {@link ManualClock} the tests advance, and they fire due ticks with
 * {@link dev.actorregistry.reminder.Reminders#fireDue()}: the registries' own polls are
 * an hour apart, so they never interfere. Each application context stands for one
 * application instance, with its own persistence unit and connection pool.
 */
abstract class JpaReminderDeliveryIntegrationTests {

	private static final String REGISTRY = "ticks";

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final Duration RETRY = Duration.ofSeconds(10);

	private final TestDatabase kind;

	private TestDatabase.Instance database;

	private final ManualClock clock = new ManualClock();

	private final Instant t0 = this.clock.instant();

	// an executor of its own: a stalled actor of a failing test cannot starve other tests
	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ActorRegistry<String, Ticked>> registries = new ArrayList<>();

	/** Every tick delivered, in order of delivery, by every registry. */
	private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

	/** Instances created, by key. */
	private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();

	/** Ticks missed, as the registries report them, by reminder. */
	private final Map<String, Long> missed = new ConcurrentHashMap<>();

	/** Reminders whose ticks ran and whose schedule the store was asked to advance. */
	private final Queue<String> fired = new ConcurrentLinkedQueue<>();

	/** Failed deliveries, as the registries report them. */
	private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

	/** Tick ids whose first delivery throws. */
	private final Set<String> failOnce = ConcurrentHashMap.newKeySet();

	/** Holds deliveries of the instance named {@link #stalled} until opened. */
	private final CountDownLatch stall = new CountDownLatch(1);

	private volatile @Nullable String stalled;

	JpaReminderDeliveryIntegrationTests(TestDatabase kind) {
		this.kind = kind;
	}

	@BeforeEach
	void createDatabase() {
		this.database = this.kind.create();
	}

	@AfterEach
	void cleanUp() {
		this.stall.countDown();
		drainAll();
		this.executor.shutdownNow();
		this.kind.drop(this.database);
	}

	// passivation and restarts

	@Test
	void aReminderOutlivesPassivationAndItsTickActivatesTheActor() {
		ReminderContexts.on(this.database).run((context) -> {
			ActorRegistry<String, Ticked> registry = registry(context.getBean(ReminderStore.class), "a",
					settings(100, Duration.ofMinutes(1), 100), Duration.ofMinutes(10));
			registry.lookupOrStart("alice");
			registry.reminders().register("alice", Reminder.every("tick", at(15), Duration.ofMinutes(15)));

			for (int tick = 0; tick < 2; tick++) {
				this.clock.advance(Duration.ofMinutes(11));
				assertThat(RegistryTestKit.of(registry).passivateIdle()).isOne();
				assertThat(registry.lookup("alice")).isEmpty();
				assertThat(registry.reminders().list("alice"))
					.containsExactly(Reminder.every("tick", at(15 * (tick + 1)), Duration.ofMinutes(15)));
				this.clock.advance(Duration.ofMinutes(4));

				assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
				awaitDeliveries(tick + 1);
				assertThat(this.deliveries).last()
					.isEqualTo(new Delivery("a", "alice",
							new ReminderTick("tick", tick, at(15 * (tick + 1)), at(15 * (tick + 1)), 0)));
				// a new instance, started by the tick
				assertThat(this.starts.get("alice")).hasValue(tick + 2);
				assertThat(registry.lookup("alice")).isPresent();
				awaitSchedule(context.getBean(ReminderStore.class), "alice", "tick", tick + 1);
			}
			drainAll();
		});
	}

	@Test
	void aReminderOutlivesARestartOfTheApplication() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			ActorRegistry<String, Ticked> before = registry(store, "before", settings(100, MINUTE, 100), null);
			before.reminders().register("alice", Reminder.every("tick", at(1), MINUTE));
			this.clock.advance(MINUTE);
			assertThat(RegistryTestKit.of(before).fireDueReminders()).isOne();
			awaitDeliveries(1);
			awaitSchedule(store, "alice", "tick", 1);
			before.drain(Waits.TIMEOUT);
		});
		this.clock.advance(MINUTE);
		ReminderContexts.on(this.database).run((context) -> {
			ActorRegistry<String, Ticked> after = registry(context.getBean(ReminderStore.class), "after",
					settings(100, MINUTE, 100), null);
			assertThat(after.reminders().list("alice")).containsExactly(Reminder.every("tick", at(2), MINUTE));
			assertThat(RegistryTestKit.of(after).fireDueReminders()).isOne();
			awaitDeliveries(2);
			assertThat(this.deliveries).containsExactly(
					new Delivery("before", "alice", new ReminderTick("tick", 0, at(1), at(1), 0)),
					new Delivery("after", "alice", new ReminderTick("tick", 1, at(2), at(2), 0)));
			awaitSchedule(context.getBean(ReminderStore.class), "alice", "tick", 2);
			drainAll();
		});
	}

	// missed ticks: ten minutes of ticks, the last found 30 seconds late, past the
	// threshold of a second

	@Test
	void afterDowntimeSkipDeliversNoneOfTheMissedTicksAndGoesOnWithTheNext() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			ActorRegistry<String, Ticked> registry = afterDowntime(store, MissedTickPolicy.SKIP, 100);

			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isZero();
			// the schedule moves on only once every tick planned ran: none was
			awaitSchedule(store, "alice", "tick", 10);
			assertThat(this.deliveries).isEmpty();
			assertThat(this.missed).containsExactly(Map.entry("tick", 10L));
			assertThat(store.list(REGISTRY, "alice").get(0).dueAt()).isEqualTo(at(11));

			this.clock.advance(Duration.ofSeconds(30));
			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
			awaitDeliveries(1);
			assertThat(ticks()).containsExactly(new ReminderTick("tick", 10, at(11), at(11), 0));
			awaitSchedule(store, "alice", "tick", 11);
			drainAll();
		});
	}

	@Test
	void afterDowntimeFireOnceDeliversOneTickCarryingTheMissedOnes() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			ActorRegistry<String, Ticked> registry = afterDowntime(store, MissedTickPolicy.FIRE_ONCE, 100);

			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
			awaitSchedule(store, "alice", "tick", 10);
			assertThat(ticks()).containsExactly(new ReminderTick("tick", 9, at(10), downtimeEnd(), 9));
			assertThat(this.missed).containsExactly(Map.entry("tick", 9L));
			drainAll();
		});
	}

	@Test
	void afterDowntimeCatchUpDeliversEachMissedTickOldestFirst() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			ActorRegistry<String, Ticked> registry = afterDowntime(store, MissedTickPolicy.CATCH_UP, 100);

			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isEqualTo(10);
			awaitSchedule(store, "alice", "tick", 10);
			List<ReminderTick> expected = new ArrayList<>();
			for (int tick = 0; tick < 10; tick++) {
				expected.add(new ReminderTick("tick", tick, at(tick + 1), downtimeEnd(), 0));
			}
			assertThat(ticks()).containsExactlyElementsOf(expected);
			assertThat(this.missed).isEmpty();
			drainAll();
		});
	}

	@Test
	void afterDowntimeCatchUpDeliversNoMoreThanItsLimitDroppingTheOldest() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			ActorRegistry<String, Ticked> registry = afterDowntime(store, MissedTickPolicy.CATCH_UP, 4);

			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isEqualTo(4);
			awaitSchedule(store, "alice", "tick", 10);
			assertThat(ticks()).containsExactly(new ReminderTick("tick", 6, at(7), downtimeEnd(), 6),
					new ReminderTick("tick", 7, at(8), downtimeEnd(), 0),
					new ReminderTick("tick", 8, at(9), downtimeEnd(), 0),
					new ReminderTick("tick", 9, at(10), downtimeEnd(), 0));
			assertThat(this.missed).containsExactly(Map.entry("tick", 6L));
			drainAll();
		});
	}

	// the rate limit

	@Test
	void aBacklogAfterStartupIsFiredAtTheRateLimitEarliestFirst() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			ActorRegistry<String, Ticked> registry = registry(store, "a", settings(10, MINUTE, 100), null);
			for (int key = 0; key < 50; key++) {
				registry.reminders().register("k" + key, Reminder.once("start", this.t0.plusMillis(key + 1)));
			}
			this.clock.advance(MINUTE);

			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isEqualTo(10);
			awaitDeliveries(10);
			assertThat(keysDelivered()).containsExactlyInAnyOrderElementsOf(keys(0, 10));
			// the limit is spent until time passes
			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isZero();

			this.clock.advance(Duration.ofSeconds(1));
			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isEqualTo(10);
			awaitDeliveries(20);
			assertThat(keysDelivered()).containsExactlyInAnyOrderElementsOf(keys(0, 20));

			this.clock.advance(Duration.ofMillis(500));
			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isEqualTo(5);
			awaitDeliveries(25);
			// one-shot reminders are removed once delivered; the rest still wait
			eventually().until(() -> countRows(), (rows) -> rows == 25);
			assertThat(this.deliveries).hasSize(25);
			drainAll();
		});
	}

	// failed deliveries and lost instances

	@Test
	void aTickWhoseDeliveryFailedIsFiredAgainAfterTheRetryDelayWithTheSameId() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			ActorRegistry<String, Ticked> registry = registry(store, "a", settings(100, MINUTE, 100), null);
			registry.reminders().register("alice", Reminder.every("tick", at(1), MINUTE));
			this.failOnce.add("tick#0");
			this.clock.advance(MINUTE);

			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
			// the listener hears of the failure once the row is released
			eventually().until(() -> this.failures.size() == 1);
			assertThat(this.failures).singleElement()
				.satisfies((failure) -> assertThat(failure).hasMessageContaining("tick#0 fails once"));
			StoredReminder released = store.list(REGISTRY, "alice").get(0);
			assertThat(released.version()).isEqualTo(2);
			assertThat(released.sequence()).isZero();
			assertThat(released.leaseOwner()).isNull();
			assertThat(released.leaseUntil()).isEqualTo(at(1).plus(RETRY));
			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isZero();

			this.clock.advance(RETRY);
			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
			awaitDeliveries(1);
			assertThat(ticks()).containsExactly(new ReminderTick("tick", 0, at(1), at(1).plus(RETRY), 0));
			awaitSchedule(store, "alice", "tick", 1);
			drainAll();
		});
	}

	/**
	 * At least once: an instance claims a tick and stalls in its delivery past the lease.
	 * Another instance then fires the same tick, with the same id; the first, when it
	 * comes back, finds the row changed and leaves the schedule as the second moved it.
	 */
	@Test
	void aTickStalledPastItsLeaseIsFiredByAnotherInstanceWithTheSameId() {
		ReminderContexts.on(this.database).run((first) -> ReminderContexts.on(this.database).run((second) -> {
			ReminderStore stalledStore = first.getBean(ReminderStore.class);
			ActorRegistry<String, Ticked> stalling = registry(stalledStore, "stalling", settings(100, MINUTE, 100),
					null);
			ActorRegistry<String, Ticked> other = registry(second.getBean(ReminderStore.class), "other",
					settings(100, MINUTE, 100), null);
			stalling.reminders().register("alice", Reminder.every("tick", at(1), MINUTE));
			this.stalled = "stalling";
			this.clock.advance(MINUTE);

			assertThat(RegistryTestKit.of(stalling).fireDueReminders()).isOne();
			assertThat(RegistryTestKit.of(other).fireDueReminders()).isZero();
			this.clock.advance(LEASE.minusSeconds(1));
			assertThat(RegistryTestKit.of(other).fireDueReminders()).isZero();
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(RegistryTestKit.of(other).fireDueReminders()).isOne();
			awaitDeliveries(1);
			awaitSchedule(stalledStore, "alice", "tick", 1);

			this.stall.countDown();
			awaitDeliveries(2);
			assertThat(this.deliveries).extracting(Delivery::instance, (delivery) -> delivery.tick().id())
				.containsExactlyInAnyOrder(tuple("other", "tick#0"), tuple("stalling", "tick#0"));
			// the stalled instance's advance is refused: the row stays where the other
			// moved it, free to claim at its next tick
			eventually().until(() -> this.fired.contains("stalling/alice/tick"));
			StoredReminder stored = stalledStore.list(REGISTRY, "alice").get(0);
			assertThat(stored.sequence()).isOne();
			assertThat(stored.dueAt()).isEqualTo(at(2));
			assertThat(stored.leaseOwner()).isNull();
			assertThat(stored.version()).isEqualTo(3);
			drainAll();
		}));
	}

	// two instances

	/**
	 * Two application instances, each with its registry of the same name and its own
	 * persistence unit and pool, fire every tick of 100 reminders at once, over three
	 * rounds. To be sure they race, each instance's read of the due rows waits for the
	 * other's, so both hold every due row at its unclaimed version before either claims
	 * one, and both then claim them in the same order. Every tick must be delivered
	 * exactly once in total.
	 */
	@Test
	void twoInstancesFiringTogetherDeliverEveryTickExactlyOnce() {
		int keys = 100;
		int rounds = 3;
		ReminderContexts.on(this.database).run((first) -> ReminderContexts.on(this.database).run((second) -> {
			CyclicBarrier bothRead = new CyclicBarrier(2);
			Map<String, AtomicInteger> claimsTried = new ConcurrentHashMap<>();
			List<ActorRegistry<String, Ticked>> instances = List.of(
					registry(
							new RendezvousStore(first.getBean(ReminderStore.class), bothRead,
									claimsTried.computeIfAbsent("a", (name) -> new AtomicInteger())),
							"a", settings(1000, MINUTE, 100), null),
					registry(
							new RendezvousStore(second.getBean(ReminderStore.class), bothRead,
									claimsTried.computeIfAbsent("b", (name) -> new AtomicInteger())),
							"b", settings(1000, MINUTE, 100), null));
			for (int key = 0; key < keys; key++) {
				instances.get(key % 2).reminders().register("k" + key, Reminder.every("tick", at(1), MINUTE));
			}
			ExecutorService pollers = Executors.newFixedThreadPool(2);
			try {
				for (int round = 1; round <= rounds; round++) {
					this.clock.advance(MINUTE);
					List<Future<Integer>> polls = new ArrayList<>();
					for (ActorRegistry<String, Ticked> instance : instances) {
						polls.add(pollers.submit(() -> RegistryTestKit.of(instance).fireDueReminders()));
					}
					int sent = 0;
					for (Future<Integer> poll : polls) {
						sent += poll.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
					}
					assertThat(sent).isEqualTo(keys);
					assertThat(claimsTried.get("a")).hasValue(keys * round);
					assertThat(claimsTried.get("b")).hasValue(keys * round);
					awaitDeliveries(keys * round);
					int advanced = round;
					eventually().until(
							() -> this.database.jdbc()
								.queryForObject(
										"SELECT COUNT(*) FROM actor_reminder WHERE sequence = ? AND lease_owner IS NULL"
												+ " AND lease_until IS NULL",
										Long.class, advanced),
							(rows) -> rows == keys);
				}
			}
			finally {
				pollers.shutdownNow();
			}
			Map<String, Long> perTick = this.deliveries.stream()
				.collect(Collectors.groupingBy((delivery) -> delivery.key() + "/" + delivery.tick().id(),
						Collectors.counting()));
			assertThat(perTick).hasSize(keys * rounds);
			assertThat(perTick.values()).containsOnly(1L);
			for (int key = 0; key < keys; key++) {
				for (int tick = 0; tick < rounds; tick++) {
					assertThat(perTick).containsKey("k" + key + "/tick#" + tick);
				}
			}
			assertThat(this.failures).isEmpty();
			drainAll();
		}));
	}

	// helpers

	/**
	 * A registry with a reminder ticking every minute from minute 1, and the clock at
	 * minute 10:30: ten ticks due, the last thirty seconds late.
	 */
	private ActorRegistry<String, Ticked> afterDowntime(ReminderStore store, MissedTickPolicy policy, int maxCatchUp) {
		ActorRegistry<String, Ticked> registry = registry(store, "a", settings(100, Duration.ofSeconds(1), maxCatchUp),
				null);
		registry.reminders().register("alice", Reminder.every("tick", at(1), MINUTE).withMissedTicks(policy));
		this.clock.advance(Duration.between(this.t0, downtimeEnd()));
		return registry;
	}

	private Instant downtimeEnd() {
		return at(10).plusSeconds(30);
	}

	private ActorRegistry<String, Ticked> registry(ReminderStore store, String instance, ReminderSettings settings,
			@Nullable Duration idleTimeout) {
		var builder = ActorRegistry.<String, Ticked>builder(REGISTRY, String.class, (key, context) -> {
			this.starts.computeIfAbsent(key, (started) -> new AtomicInteger()).incrementAndGet();
			return new Ticked(instance, key);
		}).reminders(store, settings).clock(this.clock).executor(this.executor).listener(new RegistryListener() {

			@Override
			public void reminderFired(String registry, Object key, String reminder, long ticks) {
				JpaReminderDeliveryIntegrationTests.this.fired.add(instance + "/" + key + "/" + reminder);
			}

			@Override
			public void reminderMissed(String registry, Object key, String reminder, long ticks) {
				JpaReminderDeliveryIntegrationTests.this.missed.merge(reminder, ticks, Long::sum);
			}

			@Override
			public void reminderFailed(String registry, Object key, String reminder, Throwable cause) {
				JpaReminderDeliveryIntegrationTests.this.failures.add(cause);
			}

		});
		if (idleTimeout != null) {
			builder.idleTimeout(idleTimeout);
		}
		ActorRegistry<String, Ticked> registry = builder.build();
		this.registries.add(registry);
		return registry;
	}

	private static ReminderSettings settings(int firesPerSecond, Duration misfireThreshold, int maxCatchUp) {
		// polls an hour apart: the tests fire due ticks themselves
		return new ReminderSettings(Duration.ofHours(1), firesPerSecond, LEASE, misfireThreshold, maxCatchUp, RETRY);
	}

	private Instant at(int minutes) {
		return this.t0.plus(MINUTE.multipliedBy(minutes));
	}

	private void awaitDeliveries(int count) {
		eventually().until(this.deliveries::size, (size) -> size >= count);
		assertThat(this.deliveries).hasSize(count);
	}

	/** Wait until the store moved a reminder to the sequence given, lease freed. */
	private static void awaitSchedule(ReminderStore store, String key, String name, long sequence) {
		eventually().until(
				() -> store.list(REGISTRY, key).stream().filter((reminder) -> reminder.name().equals(name)).findFirst(),
				(reminder) -> reminder.isPresent() && reminder.get().sequence() == sequence
						&& reminder.get().leaseOwner() == null && reminder.get().leaseUntil() == null);
	}

	private List<ReminderTick> ticks() {
		return this.deliveries.stream().map(Delivery::tick).toList();
	}

	private List<String> keysDelivered() {
		return this.deliveries.stream().map(Delivery::key).toList();
	}

	private static List<String> keys(int from, int to) {
		List<String> keys = new ArrayList<>();
		for (int key = from; key < to; key++) {
			keys.add("k" + key);
		}
		return keys;
	}

	private long countRows() {
		Long rows = this.database.jdbc().queryForObject("SELECT COUNT(*) FROM actor_reminder", Long.class);
		return (rows != null) ? rows : -1;
	}

	private void drainAll() {
		this.registries.forEach(this::drain);
	}

	private void drain(ActorRegistry<String, Ticked> registry) {
		registry.drain(Waits.TIMEOUT);
	}

	/**
	 * A tick as an actor received it.
	 *
	 * @param instance the registry instance that delivered it
	 * @param key the actor's key
	 * @param tick the tick
	 */
	record Delivery(String instance, String key, ReminderTick tick) {

	}

	/** An actor that records its ticks. */
	final class Ticked implements Remindable {

		private final String instance;

		private final String key;

		Ticked(String instance, String key) {
			this.instance = instance;
			this.key = key;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			if (JpaReminderDeliveryIntegrationTests.this.failOnce.remove(tick.id())) {
				throw new IllegalStateException(tick.id() + " fails once");
			}
			if (this.instance.equals(JpaReminderDeliveryIntegrationTests.this.stalled)) {
				Waits.awaitLatch(JpaReminderDeliveryIntegrationTests.this.stall);
			}
			JpaReminderDeliveryIntegrationTests.this.deliveries.add(new Delivery(this.instance, this.key, tick));
		}

	}

	/**
	 * A store whose reads of due rows wait for the other instance's, so that both claim
	 * from the same read; it counts the claims tried.
	 */
	private static final class RendezvousStore implements ReminderStore {

		private final ReminderStore store;

		private final CyclicBarrier bothRead;

		private final AtomicInteger claimsTried;

		RendezvousStore(ReminderStore store, CyclicBarrier bothRead, AtomicInteger claimsTried) {
			this.store = store;
			this.bothRead = bothRead;
			this.claimsTried = claimsTried;
		}

		@Override
		public void register(StoredReminder reminder) {
			this.store.register(reminder);
		}

		@Override
		public boolean cancel(String registry, String key, String name) {
			return this.store.cancel(registry, key, name);
		}

		@Override
		public List<StoredReminder> list(String registry, String key) {
			return this.store.list(registry, key);
		}

		@Override
		public List<StoredReminder> due(String registry, Instant now, int limit) {
			List<StoredReminder> due = this.store.due(registry, now, limit);
			try {
				this.bothRead.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("the other instance never read the due reminders", ex);
			}
			return due;
		}

		@Override
		public Optional<StoredReminder> claim(StoredReminder due, String owner, Instant leaseUntil) {
			this.claimsTried.incrementAndGet();
			return this.store.claim(due, owner, leaseUntil);
		}

		@Override
		public boolean advance(StoredReminder claimed, @Nullable Instant nextDueAt, long nextSequence) {
			return this.store.advance(claimed, nextDueAt, nextSequence);
		}

		@Override
		public boolean release(StoredReminder claimed, Instant retryAt) {
			return this.store.release(claimed, retryAt);
		}

	}

}
