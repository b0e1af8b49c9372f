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
	 * Cancel it: no message published through it runs after this returns.
	 * @return whether it was active
	 */
	boolean cancel();

}
