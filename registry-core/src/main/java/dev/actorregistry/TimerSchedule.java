package dev.actorregistry;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * When an actor's {@link Timers timer} ticks: once after a delay, at a fixed rate, or
 * with a fixed delay between the end of one tick and the next; and whether its ticks keep
 * the actor from idle passivation.
 *
 * @param initialDelay the time before the first tick
 * @param period the time between ticks, or {@code null} for a single tick
 * @param fixedRate whether ticks keep to a fixed rate ({@code true}) or to a fixed delay
 * after each tick ran ({@code false})
 * @param keepAlive whether ticks count as activity, so an actor whose timer ticks more
 * often than the idle timeout is never passivated
 */
public record TimerSchedule(Duration initialDelay, @Nullable Duration period, boolean fixedRate, boolean keepAlive) {

	/**
	 * Check the schedule.
	 * @throws IllegalArgumentException if the delay is negative or the period not
	 * positive
	 */
	public TimerSchedule {
		Objects.requireNonNull(initialDelay, "initialDelay must not be null");
		if (initialDelay.isNegative()) {
			throw new IllegalArgumentException(
					"A timer's initial delay must be zero or positive, but was " + initialDelay);
		}
		if (period != null && (period.isNegative() || period.isZero())) {
			throw new IllegalArgumentException("A timer's period must be positive, but was " + period);
		}
	}

	/**
	 * A single tick after {@code delay}.
	 * @param delay the delay
	 * @return the schedule
	 */
	public static TimerSchedule once(Duration delay) {
		return new TimerSchedule(delay, null, false, false);
	}

	/**
	 * Ticks every {@code period} from {@code initialDelay} on, whatever the ticks take. A
	 * tick that falls due while the previous one still waits for its turn is skipped, so
	 * a busy actor never collects a backlog of ticks.
	 * @param initialDelay the time before the first tick
	 * @param period the time between ticks
	 * @return the schedule
	 */
	public static TimerSchedule atFixedRate(Duration initialDelay, Duration period) {
		return new TimerSchedule(initialDelay, Objects.requireNonNull(period, "period must not be null"), true, false);
	}

	/**
	 * Ticks from {@code initialDelay} on, each {@code delay} after the previous tick ran.
	 * @param initialDelay the time before the first tick
	 * @param delay the time from the end of one tick to the next
	 * @return the schedule
	 */
	public static TimerSchedule withFixedDelay(Duration initialDelay, Duration delay) {
		return new TimerSchedule(initialDelay, Objects.requireNonNull(delay, "delay must not be null"), false, false);
	}

	/**
	 * This schedule, with ticks that count as activity and so keep the actor live.
	 * @return a copy
	 */
	public TimerSchedule keepingAlive() {
		return new TimerSchedule(this.initialDelay, this.period, this.fixedRate, true);
	}

}
