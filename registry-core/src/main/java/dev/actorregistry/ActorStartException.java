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
		this(registry, key, problem,
				"Nothing was registered for the key; remove the cause and call again, which starts it afresh", cause);
	}

	/**
	 * Create an exception for a kind of start failure with advice of its own.
	 * @param registry the registry's name
	 * @param key the key that failed to start
	 * @param problem what went wrong
	 * @param advice what to do about it
	 * @param cause the underlying failure, if any
	 */
	protected ActorStartException(String registry, Object key, String problem, String advice,
			@Nullable Throwable cause) {
		super(registry, key, "it could not be started: " + problem, advice, cause);
	}

}
