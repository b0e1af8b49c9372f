package dev.actorregistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that shows the time a test sets, for stores that stamp what they save.
 * It may be set back, as a clock on another instance may be behind.
 */
public final class SettableClock extends Clock {

	private final AtomicReference<Instant> now;

	/**
	 * A clock that shows a time until it is set or advanced.
	 * @param now the time
	 */
	public SettableClock(Instant now) {
		this.now = new AtomicReference<>(now);
	}

	/**
	 * Show another time, earlier or later.
	 * @param now the time
	 */
	public void set(Instant now) {
		this.now.set(now);
	}

	/**
	 * Move time forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
