package dev.actorregistry;

import java.time.Duration;

/**
 * An ask was not answered within its deadline. If its message had not started by then, it
 * never runs; if it had, it finishes and its result is dropped.
 */
public class AskTimeoutException extends ActorRegistryException {

	private final Duration timeout;

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param timeout the ask's deadline, counted from when its caller first waited
	 */
	public AskTimeoutException(String registry, Object key, Duration timeout) {
		super(registry, key,
				"it did not answer within " + timeout
						+ "; if the message had not started, it will not run, and if it had, its result is dropped",
				"If the actor is slow by design, give the ask a longer timeout (ask with a timeout, or the registry's "
						+ "ask timeout); if it is stuck, look at what its current turn waits for",
				null);
		this.timeout = timeout;
	}

	/**
	 * Create an exception that says in its own words what was not answered in time.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param timeout the deadline that passed
	 * @param problem what went wrong, without a closing period
	 * @param advice what to do about it, without a closing period
	 */
	protected AskTimeoutException(String registry, Object key, Duration timeout, String problem, String advice) {
		super(registry, key, problem, advice, null);
		this.timeout = timeout;
	}

	/**
	 * The ask's deadline.
	 * @return how long the ask waited, counted from when its caller first waited
	 */
	public Duration timeout() {
		return this.timeout;
	}

}
