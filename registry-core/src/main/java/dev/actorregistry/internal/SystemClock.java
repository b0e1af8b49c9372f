package dev.actorregistry.internal;

import java.time.Instant;

import dev.actorregistry.RegistryClock;

/**
 * The system's clocks: {@link System#nanoTime()} and UTC wall time.
 */
public enum SystemClock implements RegistryClock {

	/** The only instance. */
	INSTANCE;

	@Override
	public long nanoTime() {
		return System.nanoTime();
	}

	@Override
	public Instant instant() {
		return Instant.now();
	}

}
