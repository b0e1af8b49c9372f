package dev.actorregistry;

import org.jspecify.annotations.Nullable;

/**
 * A message was sent through a ref to an actor that has stopped or is stopping, or was
 * accepted but abandoned unrun because the actor stopped (a failure under
 * {@link FailurePolicy#STOP}, or a drain whose time was up).
 */
public class ActorStoppedException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param message what happened and what to do
	 * @param cause the failure that stopped the actor, if any
	 */
	public ActorStoppedException(String registry, Object key, String message, @Nullable Throwable cause) {
		super(registry, key, message, cause);
	}

}
