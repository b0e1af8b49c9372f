package dev.actorregistry;

import java.util.function.Consumer;

import dev.actorregistry.invocation.ActorClient;
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
	 * Send to actors durably, from this actor's turn: each call of an operation on a
	 * proxy of the returned client records an
	 * {@link dev.actorregistry.invocation.Invocation} in this actor's outbox, saved with
	 * its state in the same save (the same transaction), so that the send exists if and
	 * only if the state change that made it does. Once that save commits, the registry
	 * delivers it, and again with back-off until the receiver applied it, through
	 * passivation, restarts and crashes of either side; the receiver applies each send
	 * once. A call returns at once, with no result (null, zero, false, or a completed
	 * stage of null): the receiver's result is not returned, and a refusal (the
	 * receiver's operation threw) comes back durably to this actor's
	 * {@link dev.actorregistry.invocation.RefusalHandler}. A message that throws under a
	 * restarting failure policy takes its sends with it, as it takes its changes.
	 * <p>
	 * Needs a registry built with {@link ActorRegistryBuilder#durableSends durable
	 * sends}: a persistent actor, saved after every message (write-through), in a store
	 * that keeps durable sends, and a receiver in a registry of the same router and
	 * store.
	 * @param receivers the client of the receiving actors (its registry may be this one
	 * or another)
	 * @param <R> the receivers' key type
	 * @param <I> their contract
	 * @return a client whose proxies send durably; call them only on this actor's turn
	 * @throws dev.actorregistry.invocation.DurableSendException if this registry cannot
	 * send durably, saying why
	 */
	<R, I> ActorClient<R, I> durable(ActorClient<R, I> receivers);

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
