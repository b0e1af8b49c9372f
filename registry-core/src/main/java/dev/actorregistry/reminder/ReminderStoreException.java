package dev.actorregistry.reminder;

import dev.actorregistry.ActorRegistryException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ReminderStore} failed to register, cancel or list a reminder.
 */
public class ReminderStoreException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param message what failed and what to do
	 * @param cause the store's failure
	 */
	public ReminderStoreException(String registry, @Nullable Object key, String message, @Nullable Throwable cause) {
		super(registry, key, message, cause);
	}

}
