package dev.actorregistry;

import org.jspecify.annotations.Nullable;

/**
 * A message did not run because its actor stopped: it was sent through a ref to an
 * activation that has stopped or is stopping, or it was accepted and then abandoned
 * unrun. {@link #reason()} says which, so callers need not tell them apart by the text.
 */
public class ActorStoppedException extends ActorRegistryException {

	private final Reason reason;

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param reason why the message did not run
	 * @param message what happened and what to do
	 * @param cause the failure that stopped the actor, if any
	 */
	public ActorStoppedException(String registry, Object key, Reason reason, String message,
			@Nullable Throwable cause) {
		super(registry, key, message, cause);
		this.reason = reason;
	}

	/**
	 * Why the message did not run.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a message did not run because its actor stopped.
	 */
	public enum Reason {

		/**
		 * Sent to an activation that has stopped or is stopping: through a ref, or a
		 * look-up from the actor's own turn while it stops. A send by key reaches the
		 * current activation.
		 */
		STOPPED,

		/**
		 * Accepted, then abandoned unrun because the actor stopped first: a message
		 * before it failed under {@link FailurePolicy#STOP}, or its start or final save
		 * failed.
		 */
		ABANDONED,

		/**
		 * Accepted, then abandoned unrun because the registry's drain ran out of time.
		 */
		DRAIN_TIMED_OUT,

		/** The registry's executor refused to run the actor: it was shut down. */
		EXECUTOR_REFUSED

	}

}
