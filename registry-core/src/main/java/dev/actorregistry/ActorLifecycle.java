package dev.actorregistry;

/**
 * Optional hooks an actor implements to act when it starts and stops.
 * <p>
 * Hooks run on the actor's own turn: never at the same time as a message to the same
 * actor.
 */
public interface ActorLifecycle {

	/**
	 * Runs after the factory created the actor and before its first message. Throwing
	 * fails the start with an {@link ActorStartException}; the instance is destroyed and
	 * nothing stays registered.
	 */
	default void onStart() {
	}

	/**
	 * Runs once when the actor stops, after its last message. Throwing is reported to the
	 * {@link RegistryListener} and does not keep the actor registered.
	 * @param reason why the actor stops
	 */
	default void onStop(StopReason reason) {
	}

}
