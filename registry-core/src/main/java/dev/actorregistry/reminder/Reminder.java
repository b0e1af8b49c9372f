package dev.actorregistry.reminder;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A durable reminder of one actor: a name, when it is first due, an optional period, and
 * what to do with ticks missed while the application was down. Kept in the registry's
 * {@link ReminderStore}, so it survives passivation and restarts; each tick activates the
 * actor if it is not live and reaches it as a turn of {@link Remindable#onReminder}.
 *
 * <pre class="code">
 * context.registerReminder(Reminder.every("interest", firstOfNextMonth, Duration.ofDays(30)));
 * </pre>
 *
 * @param name the name, unique per actor; registering a name again replaces it
 * @param dueAt when the first tick is due
 * @param period the time between ticks, or {@code null} for a one-shot reminder
 * @param missedTicks what to do with missed ticks
 */
public record Reminder(String name, Instant dueAt, @Nullable Duration period, MissedTickPolicy missedTicks) {

	/** The longest name a store must keep. */
	public static final int MAX_NAME_LENGTH = 200;

	/**
	 * Check the reminder.
	 * @throws IllegalArgumentException if the name is blank or too long, or the period is
	 * not positive
	 */
	public Reminder {
		Objects.requireNonNull(name, "A reminder needs a name");
		Objects.requireNonNull(dueAt, () -> "Reminder '" + name + "' needs a due time");
		Objects.requireNonNull(missedTicks, () -> "Reminder '" + name + "' needs a missed-tick policy");
		if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
			throw new IllegalArgumentException("A reminder needs a name of 1 to " + MAX_NAME_LENGTH
					+ " characters that is not blank, but was '" + name + "'");
		}
		// whole milliseconds: what every store can keep exactly
		if (period != null && (period.isNegative() || period.toMillis() == 0 || period.getNano() % 1_000_000 != 0)) {
			throw new IllegalArgumentException(
					"Reminder '" + name + "' needs a period of whole milliseconds, at least one, but was " + period);
		}
	}

	/**
	 * A reminder that fires once.
	 * @param name its name
	 * @param dueAt when
	 * @return the reminder, delivering late ticks ({@link MissedTickPolicy#FIRE_ONCE})
	 */
	public static Reminder once(String name, Instant dueAt) {
		return new Reminder(name, dueAt, null, MissedTickPolicy.FIRE_ONCE);
	}

	/**
	 * A reminder that fires every {@code period}, from {@code firstDueAt} on.
	 * @param name its name
	 * @param firstDueAt when the first tick is due
	 * @param period the time between ticks
	 * @return the reminder, folding missed ticks into one
	 * ({@link MissedTickPolicy#FIRE_ONCE})
	 */
	public static Reminder every(String name, Instant firstDueAt, Duration period) {
		return new Reminder(name, firstDueAt, Objects.requireNonNull(period, "period must not be null"),
				MissedTickPolicy.FIRE_ONCE);
	}

	/**
	 * This reminder with another missed-tick policy.
	 * @param policy the policy
	 * @return a copy
	 */
	public Reminder withMissedTicks(MissedTickPolicy policy) {
		return new Reminder(this.name, this.dueAt, this.period, policy);
	}

	/**
	 * Whether it fires more than once.
	 * @return true if it has a period
	 */
	public boolean isPeriodic() {
		return this.period != null;
	}

}
