package dev.actorregistry;

/**
 * One of an actor's timers, as {@link Timers#start} returns it.
 */
public interface Timer {

	/**
	 * The timer's name.
	 * @return the name
	 */
	String name();

	/**
	 * Whether it will tick again.
	 * @return false once cancelled, replaced, done (a single tick that ran), or ended
	 * with its actor
	 */
	boolean isActive();

	/**
	 * Cancel it: no tick runs after this returns, one already queued included.
	 * @return whether it was active
	 */
	boolean cancel();

}
