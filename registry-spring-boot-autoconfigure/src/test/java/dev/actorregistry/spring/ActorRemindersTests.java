package dev.actorregistry.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.format.support.FormattingConversionService;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Registries keep durable reminders when the application has a reminder store and
 * {@code actors.reminders.enabled} is on, fire them with the {@code actors.reminders.*}
 * settings, and read the keys back with the application's conversion service. Time is a
 * {@link ManualClock} bean the tests advance, and the registries' own poll is an hour
 * away, so ticks fire only when a test fires them.
 */
class ActorRemindersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class))
		.withUserConfiguration(TickLog.class, Alarm.class)
		.withPropertyValues("actors.reminders.poll-interval=1h");

	@Test
	void registriesKeepNoRemindersWithoutAStore() {
		this.runner.run((context) -> {
			assertThat(context.getBean(ActorRegistries.class).keepsReminders("alarm")).isFalse();
			assertThatIllegalStateException().isThrownBy(() -> alarms(context).reminders())
				.withMessageContaining("Registry 'alarm' has no reminder store");
		});
	}

	@Test
	void registriesKeepRemindersInTheApplicationsStore() {
		this.runner.withUserConfiguration(StoreAndClock.class).run((context) -> {
			assertThat(context.getBean(ActorRegistries.class).keepsReminders("alarm")).isTrue();
			Instant dueAt = clock(context).instant().plus(Duration.ofMinutes(1));
			alarms(context).reminders().register("alice", Reminder.once("wake", dueAt));
			assertThat(context.getBean(InMemoryReminderStore.class).list("alarm", "alice")).singleElement()
				.satisfies((stored) -> assertThat(stored.dueAt()).isEqualTo(dueAt));
		});
	}

	@Test
	void remindersCanBeSwitchedOff() {
		this.runner.withUserConfiguration(StoreAndClock.class)
			.withPropertyValues("actors.reminders.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(ActorRegistries.class).keepsReminders("alarm")).isFalse();
				assertThatIllegalStateException().isThrownBy(() -> alarms(context).reminders());
			});
	}

	@Test
	void aDueReminderActivatesItsActorAndReachesItOnItsTurn() {
		this.runner.withUserConfiguration(StoreAndClock.class).run((context) -> {
			ActorRegistry<String, Alarm> alarms = alarms(context);
			ManualClock clock = clock(context);
			Instant first = clock.instant().plus(Duration.ofMinutes(1));
			alarms.reminders().register("alice", Reminder.every("wake", first, Duration.ofHours(1)));
			assertThat(alarms.lookup("alice")).isEmpty();

			assertThat(RegistryTestKit.of(alarms).fireDueReminders()).isZero();
			clock.advance(Duration.ofMinutes(1));
			assertThat(RegistryTestKit.of(alarms).fireDueReminders()).isOne();
			Waits.eventually().until(() -> log(context).ticks.size() == 1);
			assertThat(log(context).ticks).containsExactly("alice:wake#0");
			assertThat(alarms.lookup("alice")).isPresent();
			// delivered: the schedule moves on to the next tick
			Waits.eventually()
				.untilAsserted(() -> assertThat(alarms.reminders().list("alice")).singleElement()
					.satisfies((reminder) -> assertThat(reminder.dueAt()).isEqualTo(first.plus(Duration.ofHours(1)))));
		});
	}

	@Test
	void anActorRegistersItsOwnReminderThatOutlivesItsActivation() {
		this.runner.withUserConfiguration(StoreAndClock.class).run((context) -> {
			ActorRegistry<String, Alarm> alarms = alarms(context);
			ManualClock clock = clock(context);
			Instant dueAt = clock.instant().plus(Duration.ofMinutes(5));
			alarms.ask("bob", (alarm) -> alarm.remindAt("coffee", dueAt)).join();
			alarms.stop("bob").join();
			assertThat(alarms.reminders().list("bob")).extracting(Reminder::name).containsExactly("coffee");

			clock.advance(Duration.ofMinutes(5));
			assertThat(RegistryTestKit.of(alarms).fireDueReminders()).isOne();
			Waits.eventually().until(() -> log(context).ticks.contains("bob:coffee#0"));
			// a one-shot reminder is gone once delivered
			Waits.eventually().until(() -> alarms.reminders().list("bob").isEmpty());
		});
	}

	@Test
	void firesAsManyTicksASecondAsThePropertiesAllow() {
		this.runner.withUserConfiguration(StoreAndClock.class)
			.withPropertyValues("actors.reminders.fires-per-second=2")
			.run((context) -> {
				ActorRegistry<String, Alarm> alarms = alarms(context);
				ManualClock clock = clock(context);
				for (String key : List.of("a", "b", "c")) {
					alarms.reminders().register(key, Reminder.once("wake", clock.instant()));
				}
				assertThat(RegistryTestKit.of(alarms).fireDueReminders()).isEqualTo(2);
				assertThat(RegistryTestKit.of(alarms).fireDueReminders()).isZero();
				clock.advance(Duration.ofSeconds(1));
				assertThat(RegistryTestKit.of(alarms).fireDueReminders()).isOne();
				Waits.eventually().until(() -> log(context).ticks.size() == 3);
				assertThat(log(context).ticks).containsExactlyInAnyOrder("a:wake#0", "b:wake#0", "c:wake#0");
			});
	}

	@Test
	void readsBackKeysOfAnyTypeSpringConvertsFromText() {
		// AccountNumber has of(String), which the core's own key parser does not look for
		this.runner.withUserConfiguration(StoreAndClock.class, Account.class).run((context) -> {
			@SuppressWarnings("unchecked")
			ActorRegistry<AccountNumber, Account> accounts = (ActorRegistry<AccountNumber, Account>) context
				.getBean(ActorRegistries.class)
				.get("account");
			ManualClock clock = clock(context);
			accounts.reminders().register(AccountNumber.of("AC-1"), Reminder.once("interest", clock.instant()));
			assertThat(RegistryTestKit.of(accounts).fireDueReminders()).isOne();
			Waits.eventually().until(() -> log(context).ticks.contains("AC-1:interest#0"));
			assertThat(accounts.lookup(AccountNumber.of("AC-1"))).isPresent();
		});
	}

	@Test
	void readsBackKeysWithTheApplicationsOwnConverters() {
		this.runner.withUserConfiguration(StoreAndClock.class, Shelf.class, SkuConversion.class).run((context) -> {
			@SuppressWarnings("unchecked")
			ActorRegistry<Sku, Shelf> shelves = (ActorRegistry<Sku, Shelf>) context.getBean(ActorRegistries.class)
				.get("shelf");
			ManualClock clock = clock(context);
			shelves.reminders().register(Sku.named("tea"), Reminder.once("restock", clock.instant()));
			assertThat(RegistryTestKit.of(shelves).fireDueReminders()).isOne();
			Waits.eventually().until(() -> log(context).ticks.contains("tea:restock#0"));
			assertThat(shelves.lookup(Sku.named("tea"))).isPresent();
		});
	}

	@Test
	void aKeyTypeNothingReadsFromTextStartsButCannotRegisterAReminder() {
		this.runner.withUserConfiguration(StoreAndClock.class, Shelf.class).run((context) -> {
			assertThat(context).hasNotFailed();
			@SuppressWarnings("unchecked")
			ActorRegistry<Sku, Shelf> shelves = (ActorRegistry<Sku, Shelf>) context.getBean(ActorRegistries.class)
				.get("shelf");
			assertThat(shelves.ask(Sku.named("tea"), (shelf) -> "served").join()).isEqualTo("served");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> shelves.reminders()
					.register(Sku.named("tea"), Reminder.once("restock", clock(context).instant())))
				.withMessageContaining("cannot register reminder 'restock'")
				.withMessageContaining("Registry 'shelf' keeps durable reminders, which store its keys as text, but "
						+ "nothing converts a String to " + Sku.class.getName())
				.withMessageContaining("Give Sku a public static valueOf, of or from method taking a String")
				.withMessageContaining(
						"define a ConversionService bean named 'conversionService' that converts " + "String to Sku")
				.withMessageContaining("or set actors.reminders.enabled=false");
			assertThat(shelves.reminders().list(Sku.named("tea"))).isEmpty();
		});
	}

	@Test
	void theSameKeyTypeStartsWithoutAStore() {
		this.runner.withUserConfiguration(Shelf.class)
			.run((context) -> assertThat(context.getBean(ActorRegistries.class).find("shelf")).isPresent());
	}

	private static ActorRegistry<String, Alarm> alarms(org.springframework.context.ApplicationContext context) {
		@SuppressWarnings("unchecked")
		ActorRegistry<String, Alarm> alarms = (ActorRegistry<String, Alarm>) context.getBean(ActorRegistries.class)
			.get("alarm");
		return alarms;
	}

	private static ManualClock clock(org.springframework.context.ApplicationContext context) {
		return context.getBean(ManualClock.class);
	}

	private static TickLog log(org.springframework.context.ApplicationContext context) {
		return context.getBean(TickLog.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class StoreAndClock {

		@Bean
		InMemoryReminderStore reminderStore() {
			return new InMemoryReminderStore();
		}

		@Bean
		ManualClock registryClock() {
			return new ManualClock();
		}

	}

	/** The ticks every actor received, as {@code key:tickId}: outlives the actors. */
	static class TickLog {

		final List<String> ticks = new CopyOnWriteArrayList<>();

		void received(Object key, ReminderTick tick) {
			this.ticks.add(key + ":" + tick.id());
		}

	}

	@Actor
	static class Alarm implements Remindable {

		private final ActorContext<String> context;

		private final TickLog log;

		Alarm(ActorContext<String> context, TickLog log) {
			this.context = context;
			this.log = log;
		}

		boolean remindAt(String name, Instant dueAt) {
			this.context.registerReminder(Reminder.once(name, dueAt));
			return true;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			this.log.received(this.context.key(), tick);
		}

	}

	@Actor(keyType = AccountNumber.class)
	static class Account implements Remindable {

		private final AccountNumber number;

		private final TickLog log;

		Account(@ActorKey AccountNumber number, TickLog log) {
			this.number = number;
			this.log = log;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			this.log.received(this.number, tick);
		}

	}

	/** A key type read from text by a public static {@code of(String)}. */
	static final class AccountNumber {

		private final String text;

		private AccountNumber(String text) {
			this.text = text;
		}

		public static AccountNumber of(String text) {
			return new AccountNumber(text);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof AccountNumber number && number.text.equals(this.text);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.text);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

	@Actor(keyType = Sku.class)
	static class Shelf implements Remindable {

		private final Sku sku;

		private final TickLog log;

		Shelf(@ActorKey Sku sku, TickLog log) {
			this.sku = sku;
			this.log = log;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			this.log.received(this.sku, tick);
		}

	}

	/**
	 * A key type that says nothing Spring looks for of how to read it from text: no
	 * public constructor, no {@code valueOf}, {@code of} or {@code from}.
	 */
	static final class Sku {

		private final String code;

		private Sku(String code) {
			this.code = code;
		}

		static Sku named(String code) {
			return new Sku(code);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Sku sku && sku.code.equals(this.code);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.code);
		}

		@Override
		public String toString() {
			return this.code;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SkuConversion {

		@Bean
		FormattingConversionService conversionService() {
			FormattingConversionService conversionService = new ApplicationConversionService();
			conversionService.addConverter(String.class, Sku.class, (Converter<String, Sku>) Sku::named);
			return conversionService;
		}

	}

}
