package dev.actorregistry.reminder;

import java.util.List;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;

/**
 * The durable reminders of a registry's actors, kept in its {@link ReminderStore}: from
 * {@link ActorRegistry#reminders()}, or for an actor's own reminders, its
 * {@link ActorContext}. A due tick activates its actor if it is not live and reaches it
 * as a turn of {@link Remindable#onReminder}.
 *
 * @param <K> the key type
 */
public interface Reminders<K> {

	/**
	 * Register a reminder, replacing one of the same name of that actor.
	 * @param key the actor's key
	 * @param reminder the reminder
	 * @throws ReminderStoreException if the store could not keep it
	 */
	void register(K key, Reminder reminder);

	/**
	 * Cancel a reminder; a tick of it being delivered still arrives.
	 * @param key the actor's key
	 * @param name the reminder's name
	 * @return whether there was one
	 */
	boolean cancel(K key, String name);

	/**
	 * The reminders of an actor, each due at its next tick.
	 * @param key the actor's key
	 * @return the reminders, by name
	 */
	List<Reminder> list(K key);

}
