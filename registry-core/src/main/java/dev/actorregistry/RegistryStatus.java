package dev.actorregistry;

/**
 * Where a registry is in its life: {@code RUNNING → DRAINING → STOPPED}.
 */
public enum RegistryStatus {

	/** Starts actors and accepts messages. */
	RUNNING,

	/** Starts no actors; live actors still accept messages so in-flight work can end. */
	DRAINING,

	/** Every actor stopped; the registry accepts nothing more. */
	STOPPED

}
