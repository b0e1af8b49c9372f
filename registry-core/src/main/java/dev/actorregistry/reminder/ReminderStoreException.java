package dev.actorregistry.reminder;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;

/**
 * A {@link ReminderStore} failed to register, cancel or list a reminder.
 */
public class ReminderStoreException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key, or {@code null} when the store failed for no one key
	 * @param problem what failed, without the registry or key: {@code "could not cancel
	 * reminder 'wake'"}
	 * @param advice what to do about it
	 * @param cause the store's failure; its text is not part of the message
	 */
	public ReminderStoreException(String registry, @Nullable Object key, String problem, String advice,
			@Nullable Throwable cause) {
		super(registry, key, problem, advice, cause);
	}

}
