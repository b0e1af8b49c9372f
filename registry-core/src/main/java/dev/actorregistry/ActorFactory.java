package dev.actorregistry;

/**
 * Creates the actor instance for a key, and ends its life when the registry is done with
 * it.
 * <p>
 * The registry calls {@link #create} at most once per activation, on the thread that
 * asked for the actor, and never while holding a lock that other keys need: a slow
 * factory delays only callers of the same key. A factory may itself start actors of other
 * keys.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
@FunctionalInterface
public interface ActorFactory<K, A> {

	/**
	 * Create the actor for {@code key}. Throwing, or returning {@code null}, fails the
	 * start with an {@link ActorStartException}; nothing stays registered.
	 * @param key the key of the new actor
	 * @param context the actor's context, to keep for later use (stop itself, reach the
	 * registry)
	 * @return a new actor instance, never shared with another key
	 */
	A create(K key, ActorContext<K> context);

	/**
	 * End the life of an instance this factory created: called once per instance, after
	 * {@link ActorLifecycle#onStop} (or after a failed {@link ActorLifecycle#onStart}).
	 * Containers that manage instances (such as Spring, for prototype beans) release them
	 * here. Does nothing by default.
	 * @param key the actor's key
	 * @param actor the instance that is no longer used
	 */
	default void destroy(K key, A actor) {
	}

}
