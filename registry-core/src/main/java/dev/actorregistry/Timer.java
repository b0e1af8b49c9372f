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
	 * Cancel it: once this returns, no tick of it is running or will start, one already
	 * queued included, from whichever thread it is called. Called off the actor's turn
	 * while a tick runs, it waits for that tick to end, for up to 30 seconds; called on
	 * the actor's turn (from a tick too), it never waits, as no tick can be running.
	 * @return whether it was active
	 * @throws ActorRegistryException if a tick under way did not end within 30 seconds,
	 * or the waiting thread was interrupted (its interrupt status is kept): the timer is
	 * cancelled all the same and no tick of it starts again, but that tick may still run
	 */
	boolean cancel();

}
