package dev.actorregistry.spring.jpa;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;

/**
 * The JPA state store could not read or write an actor's state or durable sends: the
 * database failed, the tables are missing, or a stored state or send cannot be decrypted.
 * The message names the registry and the key (when the call had one), the problem and
 * what to check; it never repeats the database's own text, which stays in the cause.
 */
public class StateStoreException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key, or {@code null} for a call about no one actor
	 * @param problem what went wrong
	 * @param advice what to do
	 * @param cause the underlying failure, if any
	 */
	StateStoreException(String registry, @Nullable Object key, String problem, String advice,
			@Nullable Throwable cause) {
		super(registry, key, problem, advice, cause);
	}

}
