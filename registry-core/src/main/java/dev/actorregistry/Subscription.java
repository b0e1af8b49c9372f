package dev.actorregistry;

/**
 * One actor's subscription to a topic, as {@link ActorContext#subscribe} returns it.
 */
public interface Subscription {

	/**
	 * The topic.
	 * @return its name
	 */
	String topic();

	/**
	 * Whether messages still arrive through it.
	 * @return false once cancelled or ended with its actor
	 */
	boolean isActive();

	/**
	 * Cancel it: once this returns, no message published through it runs, and none is
	 * running, whichever thread calls it. Called from another thread while its handler
	 * runs on the actor's turn, it waits for the handler to end, up to 30 seconds.
	 * @return whether it was active
	 * @throws ActorRegistryException if a handler under way on another thread did not end
	 * in time, or the wait was interrupted: the subscription is cancelled all the same
	 */
	boolean cancel();

}
