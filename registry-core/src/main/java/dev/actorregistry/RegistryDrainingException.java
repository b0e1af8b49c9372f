package dev.actorregistry;

/**
 * The registry is draining and starts no actors. Live actors still accept messages until
 * they stop.
 */
public class RegistryDrainingException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the key that was not started
	 */
	public RegistryDrainingException(String registry, Object key) {
		super(registry, key, "the registry is draining and starts no actors, so it was not started",
				"Retry on an instance that is running", null);
	}

}
