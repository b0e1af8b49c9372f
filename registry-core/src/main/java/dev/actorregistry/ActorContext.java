package dev.actorregistry;

import java.util.function.Consumer;

import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.Reminders;

/**
 * What an actor knows about its own activation. Handed to the {@link ActorFactory} (and,
 * in Spring, injectable into an actor's constructor).
 *
 * @param <K> the key type
 */
public interface ActorContext<K> {

	/**
	 * The key of this actor.
	 * @return the key
	 */
	K key();

	/**
	 * The registry this actor lives in.
	 * @return the registry
	 */
	ActorRegistry<K, ?> registry();

	/**
	 * Ask the registry to stop this actor once the messages already in its mailbox have
	 * run, exactly as {@link ActorRegistry#stop} does. Safe to call from the actor's own
	 * turn; returns at once.
	 */
	void stopSelf();

	/**
	 * This actor's timers: messages to itself, in memory, that end when it stops.
	 * @return the timers
	 */
	Timers timers();

	/**
	 * Subscribe this actor to a topic of its registry's {@link Topics}: each message of
	 * {@code type} published on it runs {@code handler} on this actor's turn. The
	 * subscription ends when the actor stops or restarts.
	 * @param topic the topic
	 * @param type the messages to take; others published on the topic are ignored
	 * @param handler runs each message on the actor's turn
	 * @param <M> the message type
	 * @return the subscription, to cancel it
	 * @throws ActorStoppedException if the actor has stopped or is stopping
	 */
	<M> Subscription subscribe(String topic, Class<M> type, Consumer<? super M> handler);

	/**
	 * Register a durable reminder of this actor, replacing one of the same name.
	 * @param reminder the reminder
	 * @throws IllegalStateException if the registry has no reminder store
	 * @see Reminders#register
	 */
	void registerReminder(Reminder reminder);

	/**
	 * Cancel a durable reminder of this actor.
	 * @param name the reminder's name
	 * @return whether there was one
	 * @throws IllegalStateException if the registry has no reminder store
	 */
	boolean cancelReminder(String name);

}
