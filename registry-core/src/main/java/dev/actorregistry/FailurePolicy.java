package dev.actorregistry;

/**
 * What a registry does with an actor whose message threw. In every case the message's own
 * future completes with the exception.
 */
public enum FailurePolicy {

	/** Keep the instance and go on with the next message. */
	RESUME,

	/**
	 * Stop the instance ({@code onStop(RESTARTED)}), create a fresh one for the same key
	 * and go on with the rest of the mailbox. If the fresh instance cannot be created the
	 * actor stops as with {@link #STOP}.
	 */
	RESTART,

	/**
	 * Stop the actor and remove it; messages still in its mailbox fail with an
	 * {@link ActorStoppedException} whose cause is the failure.
	 */
	STOP

}
