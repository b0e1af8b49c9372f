package dev.actorregistry;

import org.jspecify.annotations.Nullable;

/**
 * An actor could not be started: its factory threw or returned {@code null}, or its
 * {@code onStart} threw. Nothing stays registered for the key; the next call starts
 * afresh.
 */
public class ActorStartException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the key that failed to start
	 * @param problem what went wrong
	 * @param cause the underlying failure, if any
	 */
	public ActorStartException(String registry, Object key, String problem, @Nullable Throwable cause) {
		super(registry, key, "Registry '" + registry + "' could not start actor '" + keyText(key) + "': " + problem
				+ ". Nothing was registered; the next call for this key tries again.", cause);
	}

}
