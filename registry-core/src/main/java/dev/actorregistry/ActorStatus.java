package dev.actorregistry;

/**
 * Where an actor is in its life.
 */
public enum ActorStatus {

	/** The factory or {@code onStart} is running; not reachable yet. */
	STARTING,

	/** Live: accepts and runs messages. */
	ACTIVE,

	/**
	 * Stop requested: runs the messages it had already accepted, then stops. No longer
	 * returned by {@link ActorRegistry#lookup}; sends through its refs are refused.
	 */
	STOPPING,

	/** Gone; its key may have a newer activation. */
	STOPPED

}
