package dev.actorregistry.test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.actorregistry.RegistryClock;

/**
 * A clock that stands still until a test advances it, so idle timeouts are tested without
 * sleeping.
 */
public final class ManualClock implements RegistryClock {

	private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

	private final AtomicLong nanos = new AtomicLong();

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	@Override
	public Instant instant() {
		return ORIGIN.plusNanos(this.nanos.get());
	}

	/**
	 * Move time forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

}
