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
	 * A key as messages show it: its text, or, when that is longer than
	 * {@value #KEY_TEXT_LIMIT} characters, its start and its length, so that a huge key
	 * cannot make a huge message.
	 * @param key a key, or {@code null}
	 * @return its text, abbreviated when long
	 */
	public static String keyText(@Nullable Object key) {
		String text = String.valueOf(key);
		if (text.length() <= KEY_TEXT_LIMIT) {
			return text;
		}
		return text.substring(0, KEY_TEXT_START) + "…(" + text.length() + " characters)";
	}

	/** The longest key text shown whole in a message. */
	public static final int KEY_TEXT_LIMIT = 100;

	private static final int KEY_TEXT_START = 64;

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
