package dev.actorregistry.persistence;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;

/**
 * An actor's state could not be saved. The actor keeps its state in memory and the
 * registry saves it again later; the revision did not advance.
 */
public class StateSaveException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param problem what was being done when the save failed
	 * @param cause the failure
	 */
	public StateSaveException(String registry, Object key, String problem, @Nullable Throwable cause) {
		super(registry, key,
				"its state could not be saved " + problem
						+ "; the actor keeps its state in memory and the save is retried",
				"Check the state store (the cause says what failed)", cause);
	}

}
