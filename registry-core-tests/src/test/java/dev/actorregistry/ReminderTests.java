package dev.actorregistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.MissedTickPolicy;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.reminder.Reminders;
import dev.actorregistry.reminder.StoredReminder;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Durable reminders on the in-memory store. Time is a {@link ManualClock}: tests advance
 * it and call {@link Reminders#fireDue()}; the registry's own poll is an hour of real
 * time apart, so it never fires a tick the test did not.
 */
class ReminderTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static final ReminderSettings SETTINGS = new ReminderSettings(Duration.ofHours(1), 1000,
			Duration.ofSeconds(30), MINUTE, 3, Duration.ofSeconds(10));

	private final ManualClock clock = new ManualClock();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final InMemoryReminderStore store = new InMemoryReminderStore();

	/** Every instance created, by key, the latest last. */
	private final Map<String, List<Alarm>> instances = new ConcurrentHashMap<>();

	/** Every tick delivered, to any instance of any registry. */
	private final List<String> delivered = new CopyOnWriteArrayList<>();

	private final Events events = new Events();

	@AfterEach
	void cleanUp() {
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.executor.shutdownNow();
	}

	@Test
	void dueTickActivatesItsActorAndReachesItAsATurn() {
		ActorRegistry<String, Alarm> registry = registry(SETTINGS);
		Instant due = now().plus(MINUTE);
		registry.reminders().register("a", Reminder.once("wake", due));
		assertThat(registry.reminders().list("a")).containsExactly(Reminder.once("wake", due));
		assertThat(registry.size()).isZero();

		this.clock.advance(MINUTE.minusSeconds(1));
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
		eventually().untilAsserted(() -> assertThat(this.delivered).containsExactly("a/wake#0"));
		ReminderTick tick = latest("a").ticks.get(0);
		assertThat(tick).isEqualTo(new ReminderTick("wake", 0, due, now(), 0));
		// done: a one-shot reminder is removed once delivered
		eventually().until(() -> registry.reminders().list("a").isEmpty());
		this.clock.advance(MINUTE.multipliedBy(10));
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isZero();
		// told after the store moved the schedule on
		eventually().untilAsserted(() -> assertThat(this.events.fired).hasValue(1));
	}

	@Test
	void periodicReminderTicksEachPeriodWithTheNextSequence() {
		ActorRegistry<String, Alarm> registry = registry(SETTINGS);
		Instant first = now().plus(MINUTE);
		registry.reminders().register("a", Reminder.every("beat", first, MINUTE));
		for (int tick = 0; tick < 3; tick++) {
			this.clock.advance(MINUTE);
			assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
			int count = tick + 1;
			eventually().untilAsserted(() -> assertThat(this.delivered).hasSize(count));
			Instant next = first.plus(MINUTE.multipliedBy(tick + 1));
			eventually().until(() -> registry.reminders().list("a").get(0).dueAt().equals(next));
		}
		assertThat(this.delivered).containsExactly("a/beat#0", "a/beat#1", "a/beat#2");
		assertThat(latest("a").ticks).extracting(ReminderTick::dueAt)
			.containsExactly(first, first.plus(MINUTE), first.plus(MINUTE.multipliedBy(2)));
	}

	@Test
	void reminderSurvivesPassivationAndARestartOfTheRegistry() {
		ActorRegistry<String, Alarm> registry = registry(SETTINGS);
		registry.reminders().register("a", Reminder.every("beat", now().plus(MINUTE), MINUTE));
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
		eventually().untilAsserted(() -> assertThat(this.delivered).hasSize(1));
		awaitAdvanced(registry, "a", 1);
		registry.stop("a").join();

		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
		eventually().untilAsserted(() -> assertThat(this.delivered).hasSize(2));
		assertThat(this.instances.get("a")).hasSize(2);
		awaitAdvanced(registry, "a", 2);

		registry.drain(TIMEOUT);
		ActorRegistry<String, Alarm> restarted = registry(SETTINGS);
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(restarted).fireDueReminders()).isOne();
		eventually()
			.untilAsserted(() -> assertThat(this.delivered).containsExactly("a/beat#0", "a/beat#1", "a/beat#2"));
		assertThat(this.instances.get("a")).hasSize(3);
	}

	@Test
	void skipDropsTicksMissedDuringDowntime() {
		Downtime downtime = afterDowntime(MissedTickPolicy.SKIP);
		assertThat(downtime.sent).isZero();
		assertThat(this.delivered).isEmpty();
		assertThat(this.events.missed).hasValue(4);
		// the schedule goes on from the next tick
		assertThat(downtime.next).isEqualTo(downtime.first.plus(Duration.ofMinutes(40)));
	}

	@Test
	void fireOnceDeliversOneTickForAllTheMissedOnes() {
		Downtime downtime = afterDowntime(MissedTickPolicy.FIRE_ONCE);
		assertThat(downtime.sent).isOne();
		eventually().untilAsserted(() -> assertThat(this.delivered).containsExactly("a/report#3"));
		ReminderTick tick = latest("a").ticks.get(0);
		assertThat(tick.missedTicks()).isEqualTo(3);
		assertThat(tick.dueAt()).isEqualTo(downtime.first.plus(Duration.ofMinutes(30)));
		assertThat(this.events.missed).hasValue(3);
	}

	@Test
	void catchUpDeliversEachMissedTickUpToItsLimit() {
		Downtime downtime = afterDowntime(MissedTickPolicy.CATCH_UP);
		// four ticks missed, the limit is three: the oldest is dropped
		assertThat(downtime.sent).isEqualTo(3);
		eventually()
			.untilAsserted(() -> assertThat(this.delivered).containsExactly("a/report#1", "a/report#2", "a/report#3"));
		assertThat(latest("a").ticks).extracting(ReminderTick::missedTicks).containsExactly(1L, 0L, 0L);
		assertThat(this.events.missed).hasValue(1);
		eventually().untilAsserted(() -> assertThat(this.events.fired).hasValue(3));
	}

	/**
	 * A ten-minute reminder first due at {@code first}; the application is down for the
	 * first four ticks, the last of them five minutes late when it comes back.
	 */
	private Downtime afterDowntime(MissedTickPolicy policy) {
		ActorRegistry<String, Alarm> registry = registry(SETTINGS);
		Instant first = now().plus(Duration.ofMinutes(10));
		registry.reminders()
			.register("a", Reminder.every("report", first, Duration.ofMinutes(10)).withMissedTicks(policy));
		this.clock.advance(Duration.ofMinutes(45));
		int sent = RegistryTestKit.of(registry).fireDueReminders();
		Instant next = first.plus(Duration.ofMinutes(40));
		eventually().until(() -> registry.reminders().list("a").get(0).dueAt().equals(next));
		return new Downtime(first, sent, registry.reminders().list("a").get(0).dueAt());
	}

	record Downtime(Instant first, int sent, Instant next) {
	}

	@Test
	void startUpStaggersDueRemindersAtTheRateLimit() {
		ActorRegistry<String, Alarm> registry = registry(new ReminderSettings(Duration.ofHours(1), 10,
				Duration.ofSeconds(30), MINUTE, 3, Duration.ofSeconds(10)));
		for (int i = 0; i < 25; i++) {
			registry.reminders().register("k" + i, Reminder.once("wake", now()));
		}
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isEqualTo(10);
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isZero();
		this.clock.advance(Duration.ofMillis(500));
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isEqualTo(5);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isEqualTo(10);
		eventually().untilAsserted(() -> assertThat(this.delivered).hasSize(25).doesNotHaveDuplicates());
	}

	/**
	 * The race: two registries of one name (two instances of an application) share a
	 * store and fire the same hundred due reminders at once; each tick must be delivered
	 * once in all.
	 */
	@Test
	void twoInstancesSharingAStoreFireEachTickOnce() throws Exception {
		ActorRegistry<String, Alarm> first = registry(SETTINGS);
		ActorRegistry<String, Alarm> second = registry(SETTINGS);
		int reminders = 100;
		for (int i = 0; i < reminders; i++) {
			first.reminders().register("k" + i, Reminder.once("wake", now()));
		}
		CyclicBarrier start = new CyclicBarrier(2);
		List<Future<Integer>> polls = new ArrayList<>();
		for (ActorRegistry<String, Alarm> registry : List.of(first, second)) {
			polls.add(this.executor.submit(() -> {
				start.await();
				return RegistryTestKit.of(registry).fireDueReminders();
			}));
		}
		int sent = polls.get(0).get() + polls.get(1).get();
		assertThat(sent).isEqualTo(reminders);
		eventually().untilAsserted(() -> assertThat(this.delivered).hasSize(reminders));
		assertThat(this.delivered).doesNotHaveDuplicates();
		eventually().until(() -> first.reminders().list("k0").isEmpty());
	}

	@Test
	void tickLeasedByAnInstanceThatDiedIsFiredAgainWithTheSameSequence() {
		ActorRegistry<String, Alarm> registry = registry(SETTINGS);
		registry.reminders().register("a", Reminder.once("wake", now()));
		StoredReminder due = this.store.due("alarms", now(), 10).get(0);
		assertThat(this.store.claim(due, "dead-instance", now().plusSeconds(30))).isPresent();
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isZero();

		this.clock.advance(Duration.ofSeconds(30));
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
		eventually().untilAsserted(() -> assertThat(this.delivered).containsExactly("a/wake#0"));
	}

	@Test
	void tickThatFailsIsDeliveredAgainWithTheSameIdAfterTheRetryDelay() {
		ActorRegistry<String, Alarm> registry = registry(SETTINGS);
		registry.reminders().register("a", Reminder.once("wake", now()));
		AtomicInteger failures = new AtomicInteger(1);
		registry.ask("a", (alarm) -> alarm.failures = failures).join();

		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
		eventually().untilAsserted(() -> assertThat(this.events.failed).hasSize(1));
		assertThat(this.events.failed.get(0)).hasMessage("tick failed on purpose");
		assertThat(this.delivered).isEmpty();
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isZero();

		this.clock.advance(SETTINGS.retryDelay());
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
		eventually().untilAsserted(() -> assertThat(this.delivered).containsExactly("a/wake#0"));
		assertThat(latest("a").attempts).containsExactly("wake#0", "wake#0");
	}

	@Test
	void actorThatIsNotRemindableIsReportedAndItsTickKept() {
		ActorRegistry<String, Object> registry = track(
				ActorRegistry.builder("plain", String.class, (key, context) -> new Object())
					.clock(this.clock)
					.executor(this.executor)
					.listener(this.events)
					.reminders(this.store, SETTINGS)
					.build());
		registry.reminders().register("a", Reminder.once("wake", now()));
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();
		eventually().untilAsserted(() -> assertThat(this.events.failed).hasSize(1));
		assertThat(this.events.failed.get(0)).hasMessageContaining("Registry 'plain'")
			.hasMessageContaining("actor 'a'")
			.hasMessageContaining("reminder 'wake'")
			.hasMessageContaining("implement Remindable");
		assertThat(registry.reminders().list("a")).hasSize(1);
	}

	@Test
	void actorRegistersAndCancelsItsOwnReminders() {
		ActorRegistry<String, Alarm> registry = registry(SETTINGS);
		Reminder reminder = Reminder.every("own", now().plus(MINUTE), MINUTE);
		registry.ask("a", (alarm) -> {
			alarm.context.registerReminder(reminder);
			return null;
		}).join();
		assertThat(registry.reminders().list("a")).containsExactly(reminder);
		assertThat(registry.ask("a", (alarm) -> alarm.context.cancelReminder("own")).join()).isTrue();
		assertThat(registry.reminders().list("a")).isEmpty();
		assertThat(registry.ask("a", (alarm) -> alarm.context.cancelReminder("own")).join()).isFalse();
	}

	@Test
	void registryWithoutAReminderStoreSaysHowToGetOne() throws Exception {
		ActorRegistry<String, Alarm> registry = track(
				ActorRegistry.builder("bare", String.class, (key, context) -> new Alarm(context, this.delivered))
					.build());
		assertThatIllegalStateException().isThrownBy(registry::reminders)
			.withMessageContaining("Registry 'bare'")
			.withMessageContaining("reminder store");
		var registering = registry.ask("a", (alarm) -> {
			alarm.context.registerReminder(Reminder.once("x", now()));
			return null;
		});
		assertThat(Waits.failureOf(registering)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("Registry 'bare'");
	}

	@Test
	void keyTypeThatCannotBeReadFromTextNeedsAKeyParser() {
		record Point(int x, int y) {
		}
		ActorRegistryBuilder<Point, Object> builder = ActorRegistry
			.builder("points", Point.class, (key, context) -> new Object())
			.reminders(this.store);
		assertThatIllegalArgumentException().isThrownBy(builder::build)
			.withMessageContaining("Registry 'points'")
			.withMessageContaining("keyParser");
		ActorRegistry<Point, Object> parsed = track(builder.keyParser((text) -> new Point(0, 0)).build());
		assertThat(parsed.reminders()).isNotNull();
	}

	@Test
	void rowReadBeforeACancelCannotClaimTheReminderRegisteredAgain() {
		Instant now = now();
		this.store.register(StoredReminder.registered("alarms", "a", Reminder.once("wake", now)));
		StoredReminder stale = this.store.due("alarms", now, 10).get(0);
		assertThat(this.store.cancel("alarms", "a", "wake")).isTrue();
		this.store.register(StoredReminder.registered("alarms", "a", Reminder.once("wake", now.minusSeconds(60))));
		assertThat(this.store.claim(stale, "late", now.plusSeconds(30))).isEmpty();
		assertThat(this.store.advance(stale, null, 1)).isFalse();
		assertThat(this.store.release(stale, now)).isFalse();
		assertThat(this.store.list("alarms", "a")).extracting(StoredReminder::dueAt)
			.containsExactly(now.minusSeconds(60));
	}

	@Test
	void keyWhoseTextDoesNotReadBackIsRefusedAtRegistration() {
		record Sku(String code) {
		}
		ActorRegistry<Sku, Object> registry = track(
				ActorRegistry.builder("skus", Sku.class, (key, context) -> new Object())
					.reminders(this.store)
					.keyParser(Sku::new)
					.build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> registry.reminders().register(new Sku("A-1"), Reminder.once("restock", now())))
			.withMessageContaining("Registry 'skus'")
			.withMessageContaining("reminder 'restock'")
			.withMessageContaining("key parser");
		assertThat(this.store.list("skus", "Sku[code=A-1]")).isEmpty();
	}

	@Test
	void invalidRemindersAreRefusedWithTheirName() {
		assertThatIllegalArgumentException().isThrownBy(() -> Reminder.every("r", now(), Duration.ZERO))
			.withMessageContaining("Reminder 'r'");
		assertThatIllegalArgumentException().isThrownBy(() -> Reminder.once(" ", now()));
		ActorRegistry<String, Alarm> registry = registry(SETTINGS);
		assertThatExceptionOfType(NullPointerException.class)
			.isThrownBy(() -> registry.reminders().register(null, Reminder.once("x", now())))
			.withMessageContaining("Registry 'alarms'");
	}

	private void awaitAdvanced(ActorRegistry<String, Alarm> registry, String key, long sequence) {
		eventually().until(() -> this.store.list(registry.name(), key).get(0).sequence() == sequence);
	}

	private Instant now() {
		return this.clock.instant();
	}

	private Alarm latest(String key) {
		List<Alarm> created = this.instances.get(key);
		return created.get(created.size() - 1);
	}

	private ActorRegistry<String, Alarm> registry(ReminderSettings settings) {
		return registry(settings, UnaryOperator.identity());
	}

	private ActorRegistry<String, Alarm> registry(ReminderSettings settings,
			UnaryOperator<ActorRegistryBuilder<String, Alarm>> customizer) {
		ActorRegistryBuilder<String, Alarm> builder = ActorRegistry.builder("alarms", String.class, (key, context) -> {
			Alarm alarm = new Alarm(context, this.delivered);
			this.instances.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>()).add(alarm);
			return alarm;
		}).clock(this.clock).executor(this.executor).listener(this.events).reminders(this.store, settings);
		return track(customizer.apply(builder).build());
	}

	private <K, A> ActorRegistry<K, A> track(ActorRegistry<K, A> registry) {
		this.registries.add(registry);
		return registry;
	}

	/** Keeps the ticks it received, and fails as many as it is told to. */
	static final class Alarm implements Remindable {

		final ActorContext<String> context;

		final List<ReminderTick> ticks = new CopyOnWriteArrayList<>();

		final List<String> attempts = new CopyOnWriteArrayList<>();

		private final List<String> delivered;

		@Nullable AtomicInteger failures;

		Alarm(ActorContext<String> context, List<String> delivered) {
			this.context = context;
			this.delivered = delivered;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			this.attempts.add(tick.id());
			if (this.failures != null && this.failures.getAndDecrement() > 0) {
				throw new IllegalStateException("tick failed on purpose");
			}
			this.ticks.add(tick);
			this.delivered.add(this.context.key() + "/" + tick.id());
		}

	}

	/** Counts the reminder events a registry reports. */
	static final class Events implements RegistryListener {

		final AtomicInteger fired = new AtomicInteger();

		final AtomicInteger missed = new AtomicInteger();

		final List<Throwable> failed = new CopyOnWriteArrayList<>();

		@Override
		public void reminderFired(String registry, Object key, String reminder, long ticks) {
			this.fired.addAndGet((int) ticks);
		}

		@Override
		public void reminderMissed(String registry, Object key, String reminder, long ticks) {
			this.missed.addAndGet((int) ticks);
		}

		@Override
		public void reminderFailed(String registry, Object key, String reminder, Throwable cause) {
			this.failed.add(cause);
		}

	}

}
