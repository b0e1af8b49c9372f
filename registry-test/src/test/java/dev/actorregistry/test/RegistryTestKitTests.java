package dev.actorregistry.test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.TimerSchedule;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderTick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The test kit drives each kind of time-based work, and only when told: the registries it
 * builds never run their own schedule.
 */
class RegistryTestKitTests {

	private final RegistryTestKit kit = new RegistryTestKit();

	@AfterEach
	void close() {
		this.kit.close();
	}

	// The example of README's "Testing actors" section, as written there.
	@Test
	void anAbandonedCartIsPassivatedAfterHalfAnHour() {
		ActorRegistry<String, Cart> carts = this.kit
			.build(ActorRegistry.builder("carts", String.class, (id, context) -> new Cart(context))
				.idleTimeout(Duration.ofMinutes(30)));

		carts.ask("alice", (cart) -> cart.add("book")).join();

		assertThat(this.kit.advance(Duration.ofMinutes(29)).passivated()).isZero();
		assertThat(this.kit.advance(Duration.ofMinutes(2)).passivated()).isOne();
		Waits.eventually().until(() -> carts.lookup("alice").isEmpty());
	}

	@Test
	void advancingFiresTheTimersThatBecameDueAndNoOthers() {
		ActorRegistry<String, Cart> carts = this.kit
			.build(ActorRegistry.builder("carts", String.class, (id, context) -> new Cart(context)));
		carts.ask("alice", (cart) -> cart.remindIn(Duration.ofMinutes(10))).join();

		assertThat(this.kit.advance(Duration.ofMinutes(9)).timerTicks()).isZero();
		assertThat(this.kit.advance(Duration.ofMinutes(1)).timerTicks()).isOne();
		this.kit.awaitQuiet();
		assertThat(carts.ask("alice", Cart::reminded).join()).isOne();
		assertThat(this.kit.advance(Duration.ofHours(1)).timerTicks()).isZero();
	}

	@Test
	void runningDueWorkSavesTheStateOfActorsThatChanged() {
		InMemoryStateStore store = new InMemoryStateStore();
		ActorRegistry<String, Counter> counters = this.kit
			.build(ActorRegistry.builder("counters", String.class, (id, context) -> new Counter())
				.stateStore(store, new DecimalCodec())
				.snapshotInterval(Duration.ofMinutes(1)));
		counters.ask("visits", Counter::increment).join();

		assertThat(this.kit.runDue().snapshots()).isOne();
		this.kit.awaitQuiet();
		assertThat(store.load("counters", "visits")).hasValueSatisfying(
				(stored) -> assertThat(new String(stored.state().data(), StandardCharsets.UTF_8)).isEqualTo("1"));
		assertThat(this.kit.runDue().snapshots()).isZero();
	}

	@Test
	void advancingFiresDueRemindersAndStartsTheirActors() {
		ActorRegistry<String, Cart> carts = this.kit
			.build(ActorRegistry.builder("carts", String.class, (id, context) -> new Cart(context))
				.reminders(new InMemoryReminderStore()));
		carts.reminders()
			.register("bob", Reminder.once("checkout", this.kit.clock().instant().plus(Duration.ofDays(1))));

		assertThat(this.kit.advance(Duration.ofHours(23)).reminderTicks()).isZero();
		assertThat(carts.lookup("bob")).isEmpty();
		assertThat(this.kit.advance(Duration.ofHours(1)).reminderTicks()).isOne();
		this.kit.awaitQuiet();
		assertThat(carts.ask("bob", Cart::reminded).join()).isOne();
	}

	@Test
	void aKitForRegistriesBuiltElsewhereCannotMoveTimeWithoutTheirClock() {
		ActorRegistry<String, Cart> carts = ActorRegistry
			.builder("carts", String.class, (id, context) -> new Cart(context))
			.build();
		try {
			RegistryTestKit onSystemTime = RegistryTestKit.of(carts);
			assertThat(onSystemTime.runDue()).isEqualTo(new RegistryTestKit.DueWork(0, 0, 0, 0));
			assertThatIllegalStateException().isThrownBy(() -> onSystemTime.advance(Duration.ofMinutes(1)))
				.withMessageContaining("without a ManualClock");
			assertThatIllegalStateException()
				.isThrownBy(() -> onSystemTime.build(ActorRegistry.builder("more", String.class, (id, c) -> "")))
				.withMessageContaining("new RegistryTestKit()");
		}
		finally {
			carts.close();
		}
	}

	@Test
	void aRegistryOfAnotherImplementationIsRefusedByName() {
		@SuppressWarnings("unchecked")
		ActorRegistry<String, Object> other = (ActorRegistry<String, Object>) Proxy.newProxyInstance(
				getClass().getClassLoader(), new Class<?>[] { ActorRegistry.class },
				(proxy, method, args) -> method.getName().equals("name") ? "elsewhere" : null);

		assertThatIllegalArgumentException().isThrownBy(() -> RegistryTestKit.of(other))
			.withMessageContaining("Registry 'elsewhere'")
			.withMessageContaining("ActorRegistry.builder()");
	}

	static final class Cart implements Remindable {

		private final ActorContext<String> context;

		private final List<String> items = new ArrayList<>();

		private int reminded;

		Cart(ActorContext<String> context) {
			this.context = context;
		}

		int add(String item) {
			this.items.add(item);
			return this.items.size();
		}

		int remindIn(Duration delay) {
			this.context.timers().start("remind", TimerSchedule.once(delay), () -> this.reminded++);
			return 0;
		}

		int reminded() {
			return this.reminded;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			this.reminded++;
		}

	}

	static final class Counter implements PersistentActor<Long> {

		private long count;

		long increment() {
			return ++this.count;
		}

		@Override
		public Long snapshot() {
			return this.count;
		}

		@Override
		public void restore(Long state) {
			this.count = state;
		}

		@Override
		public Class<Long> stateType() {
			return Long.class;
		}

	}

	static final class DecimalCodec implements StateCodec {

		@Override
		public byte[] encode(Object state) {
			return state.toString().getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public <S> S decode(byte[] data, Class<S> type) {
			return type.cast(Long.valueOf(new String(data, StandardCharsets.UTF_8)));
		}

	}

}
