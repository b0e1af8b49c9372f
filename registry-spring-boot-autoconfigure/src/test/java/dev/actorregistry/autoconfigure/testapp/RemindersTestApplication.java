package dev.actorregistry.autoconfigure.testapp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.actorregistry.ActorContext;
import dev.actorregistry.Topics;
import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.Subscribe;
import dev.actorregistry.test.ManualClock;

/**
 * An application whose actors take topic messages and durable reminders: one registry,
 * {@code alarms}, an in-memory reminder store, and a {@link ManualClock} that the tests
 * advance. Its {@link Announcer} is application code that publishes on the shared topics;
 * its {@link Wakeups} records the ticks the alarms received, outliving the actors.
 * <p>
 * A {@link TestComponent} with its beans imported, not scanned, like
 * {@link ActorsTestApplication}, so neither application picks up the other's actors.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@TestComponent
@Import({ RemindersTestApplication.AlarmActor.class, RemindersTestApplication.Announcer.class,
		RemindersTestApplication.Wakeups.class })
public class RemindersTestApplication {

	/** The topic the announcer publishes on. */
	public static final String ANNOUNCEMENTS = "announcements";

	/** The topic that reaches the {@code house} alarm even when it is not live. */
	public static final String FIRE_DRILLS = "fire-drills";

	/**
	 * Where the alarms keep their reminders.
	 * @return a store in memory
	 */
	@Bean
	InMemoryReminderStore reminderStore() {
		return new InMemoryReminderStore();
	}

	/**
	 * The time every registry reads.
	 * @return a clock that moves when a test advances it
	 */
	@Bean
	ManualClock registryClock() {
		return new ManualClock();
	}

	/**
	 * Something announced to every live alarm.
	 *
	 * @param text what was said
	 */
	public record Announcement(String text) {
	}

	/**
	 * A drill that the {@code house} alarm always takes, and every live alarm with it.
	 *
	 * @param number the drill's number
	 */
	public record FireDrill(int number) {
	}

	/**
	 * Application code that publishes through the injected topics.
	 */
	public static class Announcer {

		private final Topics topics;

		/**
		 * Create the announcer.
		 * @param topics the topics every registry shares
		 */
		public Announcer(Topics topics) {
			this.topics = topics;
		}

		/**
		 * Announce something to every live alarm.
		 * @param text what to say
		 * @return how many alarms it was delivered to
		 */
		public int announce(String text) {
			return this.topics.publish(ANNOUNCEMENTS, new Announcement(text));
		}

		/**
		 * Hold a fire drill.
		 * @param number its number
		 * @return how many alarms it was delivered to
		 */
		public int drill(int number) {
			return this.topics.publish(FIRE_DRILLS, new FireDrill(number));
		}

	}

	/**
	 * The ticks and messages every alarm received, as {@code key:what}.
	 */
	public static class Wakeups {

		private final List<String> events = new CopyOnWriteArrayList<>();

		void record(String key, String what) {
			this.events.add(key + ":" + what);
		}

		/**
		 * What the alarms received, in order.
		 * @return a snapshot
		 */
		public List<String> events() {
			return List.copyOf(this.events);
		}

	}

	/**
	 * An alarm that hears announcements (subscribed from its constructor), takes fire
	 * drills (declared with {@link Subscribe @Subscribe}), and rings on its reminders.
	 */
	@Actor("alarms")
	public static class AlarmActor implements Remindable {

		private final ActorContext<String> context;

		private final Wakeups wakeups;

		/**
		 * Create an alarm, subscribed to the announcements.
		 * @param context its context
		 * @param wakeups where it records what it received
		 */
		public AlarmActor(ActorContext<String> context, Wakeups wakeups) {
			this.context = context;
			this.wakeups = wakeups;
			context.subscribe(ANNOUNCEMENTS, Announcement.class,
					(announcement) -> wakeups.record(context.key(), "heard " + announcement.text()));
		}

		/**
		 * Take a fire drill.
		 * @param drill the drill
		 */
		@Subscribe(topic = FIRE_DRILLS, activate = "house")
		void onDrill(FireDrill drill) {
			this.wakeups.record(this.context.key(), "drill " + drill.number());
		}

		/**
		 * Ring every {@code period} from {@code firstAt} on.
		 * @param name the reminder's name
		 * @param firstAt when to ring first
		 * @param period how often after that
		 * @return the name
		 */
		public String setAlarm(String name, Instant firstAt, Duration period) {
			this.context.registerReminder(Reminder.every(name, firstAt, period));
			return name;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			this.wakeups.record(this.context.key(), "ring " + tick.id());
		}

	}

}
