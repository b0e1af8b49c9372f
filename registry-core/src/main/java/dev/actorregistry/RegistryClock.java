package dev.actorregistry;

import java.time.Instant;

import dev.actorregistry.internal.SystemClock;

/**
 * The registry's source of time: idle timeouts, activity timestamps and message timings
 * all read it, so tests can advance time instead of sleeping.
 * <p>
 * Implementations must keep the two readings in step: advancing one by a duration
 * advances the other by the same duration.
 */
public interface RegistryClock {

	/**
	 * A monotonic reading in nanoseconds, with an arbitrary origin, as
	 * {@link System#nanoTime()}.
	 * @return the current reading
	 */
	long nanoTime();

	/**
	 * The current wall-clock time, used only to show when things happened.
	 * @return now
	 */
	Instant instant();

	/**
	 * The system clock.
	 * @return a clock reading {@link System#nanoTime()} and the system's UTC time
	 */
	static RegistryClock system() {
		return SystemClock.INSTANCE;
	}

}
