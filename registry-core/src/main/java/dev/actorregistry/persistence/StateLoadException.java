package dev.actorregistry.persistence;

import dev.actorregistry.ActorStartException;

/**
 * A persistent actor did not start because its state could not be loaded or restored: the
 * store failed, a stored state could not be read as the actor's state type, or the key it
 * was encrypted with is missing. The actor is never started with empty state instead; the
 * next call for the key tries again.
 */
public class StateLoadException extends ActorStartException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the key that failed to start
	 * @param cause why the state could not be loaded
	 */
	public StateLoadException(String registry, Object key, Throwable cause) {
		super(registry, key, "its state could not be loaded, and it is never started with empty state instead",
				"Check the state store and what it holds for the key (the cause says what failed); the next call "
						+ "for this key tries again",
				cause);
	}

}
