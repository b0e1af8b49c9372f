package dev.actorregistry;

import java.time.Duration;

/**
 * An async turn ({@link ActorRegistry#askAsync}) outlived its deadline: the stage its
 * message returned was not complete when the ask's timeout passed, counted from when its
 * caller first waited (at the latest, from when the turn began). The turn ended then as a
 * failed message: its reply fails with this exception, the registry's
 * {@link FailurePolicy} applies, and the actor takes its next message. If the stage
 * completes later, its outcome is ignored.
 */
public class TurnTimeoutException extends AskTimeoutException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param timeout the turn's deadline
	 */
	public TurnTimeoutException(String registry, Object key, Duration timeout) {
		super(registry, key, timeout, "its async turn did not complete within " + timeout
				+ ": the stage its message returned was still incomplete, so the turn ended as a failed message, the "
				+ "failure policy applied and the actor went on with its next message; the stage's late outcome is "
				+ "ignored",
				"Bound what the stage waits for (orTimeout, a client's own timeout) well within the deadline, or give "
						+ "the ask a longer timeout (askAsync with a timeout, or the registry's ask timeout)");
	}

}
