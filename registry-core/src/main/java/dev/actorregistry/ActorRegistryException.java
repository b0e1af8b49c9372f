package dev.actorregistry;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception a registry throws. Every message has one shape, built by
 * {@link #describe}: {@code Registry 'accounts', actor 'alice': <problem>. <advice>.}
 * &mdash; the registry, the key where there is one (abbreviated when long), what went
 * wrong and what to do. A message never carries its cause's text (which may hold SQL or
 * personal data): the cause stays attached as the exception's cause.
 */
public class ActorRegistryException extends RuntimeException {

	private final String registry;

	private final @Nullable Object key;

	/**
	 * Create an exception whose message is phrased by {@link #describe}.
	 * @param registry the registry's name
	 * @param key the key concerned, or {@code null} when the call had none
	 * @param problem what went wrong, without the registry or key, starting in lower case
	 * and without a closing period: {@code "its mailbox is full (capacity 2)"}
	 * @param advice what to do about it, a sentence without a closing period:
	 * {@code "Retry later"}
	 * @param cause the underlying failure, if any; its text is not part of the message
	 */
	public ActorRegistryException(String registry, @Nullable Object key, String problem, String advice,
			@Nullable Throwable cause) {
		super(describe(registry, key, problem, advice), cause);
		this.registry = registry;
		this.key = key;
	}

	/**
	 * The one phrasing of every message:
	 * {@code Registry 'accounts', actor 'alice': <problem>. <advice>.} The key part is
	 * left out when there is no key; a long key is abbreviated by {@link #keyText}.
	 * @param registry the registry's name
	 * @param key the key concerned, or {@code null}
	 * @param problem what went wrong, without a closing period
	 * @param advice what to do about it, without a closing period
	 * @return the message
	 */
	protected static String describe(String registry, @Nullable Object key, String problem, String advice) {
		StringBuilder message = new StringBuilder("Registry '").append(registry).append('\'');
		if (key != null) {
			message.append(", actor '").append(keyText(key)).append('\'');
		}
		return message.append(": ").append(problem).append(". ").append(advice).append('.').toString();
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
