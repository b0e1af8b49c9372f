package dev.actorregistry.internal;

import java.time.Duration;

/**
 * The registry's rule for timeouts in nanoseconds: a deadline is a reading of a nano
 * clock plus a timeout, saturated, and {@link Long#MAX_VALUE} means none. Timers cap at
 * half the range instead ({@link ActorTimer}), since their due times are compared by
 * difference.
 */
final class Deadlines {

	private Deadlines() {
	}

	/**
	 * A duration in nanoseconds, all the range: one too long to count is no limit.
	 * @param duration the duration
	 * @return its nanoseconds, or {@link Long#MAX_VALUE}
	 */
	static long nanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * A deadline a timeout after a clock reading.
	 * @param from the reading
	 * @param timeoutNanos the timeout
	 * @return the deadline, or {@link Long#MAX_VALUE} if it overflows
	 */
	static long after(long from, long timeoutNanos) {
		long deadline = from + timeoutNanos;
		return (deadline < from) ? Long.MAX_VALUE : deadline;
	}

}
