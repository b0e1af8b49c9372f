package dev.actorregistry;

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

}
