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
	 * Create an exception; its message is the reason's, with the circumstance added.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param reason why the message did not run
	 * @param circumstance what the reason's text leaves out, or {@code null}: for
	 * {@link Reason#STOPPED}, what the stop prevents
	 * ({@code "it cannot subscribe to topic
	 * 'rates'"}); for the other reasons, why or when, as a short phrase. Never a cause's
	 * text: the cause is attached as it is.
	 * @param cause the failure that stopped the actor, if any
	 */
	public ActorStoppedException(String registry, Object key, Reason reason, @Nullable String circumstance,
			@Nullable Throwable cause) {
		super(registry, key, reason.problem(circumstance), reason.advice, cause);
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
		STOPPED("Send by key (ask or tell) to reach its current activation, or the next one"),

		/**
		 * Accepted, then abandoned unrun because the actor stopped first: a message
		 * before it failed under {@link FailurePolicy#STOP}, or its start or final save
		 * failed.
		 */
		ABANDONED("Send the message again by key to reach a fresh activation"),

		/**
		 * Accepted, then abandoned unrun because the registry's drain ran out of time.
		 */
		DRAIN_TIMED_OUT("Send the message again to an instance that is running, or give the drain more time"),

		/** The registry's executor refused to run the actor: it was shut down. */
		EXECUTOR_REFUSED("Give the registry an executor that runs for as long as the registry does");

		private final String advice;

		Reason(String advice) {
			this.advice = advice;
		}

		/** What happened, in the words of this reason, with the circumstance added. */
		String problem(@Nullable String circumstance) {
			return switch (this) {
				case STOPPED -> "it has stopped or is stopping, so "
						+ ((circumstance != null) ? circumstance : "this ref no longer reaches it");
				case ABANDONED -> "it stopped before this message ran" + also(circumstance);
				case DRAIN_TIMED_OUT -> "the registry's drain ran out of time before this message ran, so it was "
						+ "abandoned unrun" + also(circumstance);
				case EXECUTOR_REFUSED -> "the registry's executor refused to run it (is the executor shut down?), "
						+ "so this message was abandoned unrun" + also(circumstance);
			};
		}

		private static String also(@Nullable String circumstance) {
			return (circumstance != null) ? " (" + circumstance + ")" : "";
		}

	}

}
