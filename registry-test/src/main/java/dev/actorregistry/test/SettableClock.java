package dev.actorregistry.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that shows the time a test sets, for stores that stamp what they save.
 * It may be set back, as a clock on another instance may be behind.
 */
public final class SettableClock extends Clock {

	private volatile Instant now;

	/**
	 * A clock that shows a time until it is set or advanced.
	 * @param now the time
	 */
	public SettableClock(Instant now) {
		this.now = now;
	}

	/**
	 * Show another time, earlier or later.
	 * @param now the time
	 */
	public void set(Instant now) {
		this.now = now;
	}

	/**
	 * Move time forward.
	 * @param duration how far
	 */
	public synchronized void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
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
