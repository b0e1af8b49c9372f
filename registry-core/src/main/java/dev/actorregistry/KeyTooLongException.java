package dev.actorregistry;

import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.ReminderStore;

/**
 * A key is longer, as text ({@link String#valueOf}), than the registry's state store or
 * reminder store can keep. The registry refuses it before it starts an actor for it or
 * calls the store, so nothing was started or stored. A retry cannot succeed: the key
 * itself must be shorter.
 *
 * @see StateStore#maxKeyLength()
 * @see ReminderStore#maxKeyLength()
 */
public class KeyTooLongException extends ActorRegistryException {

	private final int length;

	private final int maxLength;

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the key that was refused
	 * @param length the length of its text
	 * @param maxLength the longest key text the store keeps
	 */
	public KeyTooLongException(String registry, Object key, int length, int maxLength) {
		super(registry, key,
				"its key is " + length + " characters long as text, and the registry's store keeps keys of up to "
						+ maxLength + ", so nothing was started or stored",
				"Use a shorter key", null);
		this.length = length;
		this.maxLength = maxLength;
	}

	/**
	 * The length of the key's text.
	 * @return the number of characters
	 */
	public int length() {
		return this.length;
	}

	/**
	 * The longest key text the store keeps.
	 * @return the number of characters
	 */
	public int maxLength() {
		return this.maxLength;
	}

}
