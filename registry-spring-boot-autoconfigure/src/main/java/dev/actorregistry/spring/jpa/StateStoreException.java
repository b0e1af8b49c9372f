package dev.actorregistry.spring.jpa;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;

/**
 * The JPA state store could not read or write an actor's state: the database failed, the
 * tables are missing, or a stored state cannot be decrypted. The message names the
 * registry and the key and says what to check.
 */
public class StateStoreException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param message what happened and what to do, naming the registry and key
	 * @param cause the underlying failure, if any
	 */
	StateStoreException(String registry, Object key, String message, @Nullable Throwable cause) {
		super(registry, key, message, cause);
	}

}
