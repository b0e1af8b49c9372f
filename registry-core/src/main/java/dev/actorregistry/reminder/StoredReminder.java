package dev.actorregistry.reminder;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A reminder as a {@link ReminderStore} keeps it: its schedule, where it is in it, and
 * who holds its due tick.
 *
 * @param registry the registry's name
 * @param key the actor's key, as {@link String#valueOf text}
 * @param name the reminder's name
 * @param dueAt when its next tick is due
 * @param period the time between ticks, or {@code null} for a one-shot reminder
 * @param missedTicks what to do with missed ticks
 * @param sequence the sequence number of the tick due at {@code dueAt}
 * @param leaseOwner the registry instance firing the tick, or {@code null}
 * @param leaseUntil until when no other instance may fire it, or {@code null}
 * @param version changes with every write: claims and updates succeed only on the version
 * they read
 */
public record StoredReminder(String registry, String key, String name, Instant dueAt, @Nullable Duration period,
		MissedTickPolicy missedTicks, long sequence, @Nullable String leaseOwner, @Nullable Instant leaseUntil,
		long version) {

	/**
	 * A reminder as first registered: no tick fired, no lease.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @param reminder the reminder
	 * @return the row to store
	 */
	public static StoredReminder registered(String registry, String key, Reminder reminder) {
		return new StoredReminder(registry, key, reminder.name(), reminder.dueAt(), reminder.period(),
				reminder.missedTicks(), 0, null, null, 0);
	}

	/**
	 * The reminder this row schedules.
	 * @return the reminder, due at its next tick
	 */
	public Reminder reminder() {
		return new Reminder(this.name, this.dueAt, this.period, this.missedTicks);
	}

}
