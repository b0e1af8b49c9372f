package dev.actorregistry.reminder;

import java.time.Duration;
import java.util.Objects;

/**
 * How a registry fires its durable reminders.
 *
 * @param pollInterval how often the registry looks in its {@link ReminderStore} for due
 * ticks: the most a tick is late in normal running
 * @param firesPerSecond the most reminders fired per second; reminders due beyond it wait
 * for the next poll, so a restart after downtime staggers the backlog instead of firing
 * it all at once
 * @param lease how long an instance that claimed a tick has to deliver it before another
 * instance may fire it again
 * @param misfireThreshold how late a tick may be found before it counts as missed
 * @param maxCatchUp the most missed ticks {@link MissedTickPolicy#CATCH_UP} delivers
 * @param retryDelay how long a tick whose delivery failed waits before it is fired again
 */
public record ReminderSettings(Duration pollInterval, int firesPerSecond, Duration lease, Duration misfireThreshold,
		int maxCatchUp, Duration retryDelay) {

	/** Poll every second, 100 fires a second, 30 s leases, missed after a minute. */
	public static final ReminderSettings DEFAULTS = new ReminderSettings(Duration.ofSeconds(1), 100,
			Duration.ofSeconds(30), Duration.ofMinutes(1), 100, Duration.ofSeconds(10));

	/**
	 * Check the settings.
	 * @throws IllegalArgumentException if a duration is not positive or a limit below 1
	 */
	public ReminderSettings {
		requirePositive("pollInterval", pollInterval);
		requirePositive("lease", lease);
		Objects.requireNonNull(misfireThreshold, "misfireThreshold must not be null");
		if (misfireThreshold.isNegative()) {
			throw new IllegalArgumentException(
					"misfireThreshold must be zero or positive, but was " + misfireThreshold);
		}
		requirePositive("retryDelay", retryDelay);
		if (firesPerSecond < 1) {
			throw new IllegalArgumentException("firesPerSecond must be at least 1, but was " + firesPerSecond);
		}
		if (maxCatchUp < 1) {
			throw new IllegalArgumentException("maxCatchUp must be at least 1, but was " + maxCatchUp);
		}
	}

	private static void requirePositive(String name, Duration value) {
		Objects.requireNonNull(value, () -> name + " must not be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, but was " + value);
		}
	}

}
