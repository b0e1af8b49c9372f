package dev.actorregistry;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception a registry throws: each names the registry and, where there
 * is one, the key.
 */
public class ActorRegistryException extends RuntimeException {

	private final String registry;

	private final @Nullable Object key;

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the key concerned, or {@code null} when the call had none
	 * @param message what happened and what to do, naming the registry and key
	 * @param cause the underlying failure, if any
	 */
	public ActorRegistryException(String registry, @Nullable Object key, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.registry = registry;
		this.key = key;
	}

	/**
	 * The registry's name.
	 * @return the name
	 */
	public String registry() {
		return this.registry;
	}

	/**
	 * The key concerned.
	 * @return the key, or {@code null} when the call had none
	 */
	public @Nullable Object key() {
		return this.key;
	}

}
