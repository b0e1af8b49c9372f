package dev.actorregistry;

import org.jspecify.annotations.Nullable;

/**
 * The registry has been drained or closed and accepts nothing more.
 */
public class RegistryClosedException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the key of the refused call, or {@code null} when the call had none
	 */
	public RegistryClosedException(String registry, @Nullable Object key) {
		super(registry, key, "the registry is stopped" + ((key != null) ? ", so the actor cannot be reached" : ""),
				"Build a new registry to start actors again", null);
	}

}
