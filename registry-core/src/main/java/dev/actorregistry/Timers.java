package dev.actorregistry;

import java.util.Set;

import dev.actorregistry.reminder.Reminder;

/**
 * An actor's timers, from {@link ActorContext#timers()}: messages to itself, in memory,
 * that end when the actor stops (or is restarted after a failure). A tick is an ordinary
 * turn: it never runs concurrently with a message, and if it throws, the registry's
 * {@link FailurePolicy} applies. Ticks never count against the mailbox capacity.
 * <p>
 * Every timer of a registry shares one scheduler and reads the registry's clock. By
 * default a tick is not activity, so a timer does not keep its actor from idle
 * passivation; see {@link TimerSchedule#keepingAlive()}. For work that must survive
 * passivation and restarts, use a durable {@link Reminder}.
 */
public interface Timers {

	/**
	 * Start a timer, replacing (and cancelling, as {@link #cancel(String)} does) a timer
	 * of the same name.
	 * @param name the name, to cancel it by
	 * @param schedule when it ticks
	 * @param tick what runs on the actor's turn at each tick
	 * @return the timer
	 * @throws ActorStoppedException if the actor has stopped or is stopping
	 * @throws ActorRegistryException if the timer replaced had a tick under way that did
	 * not end in time, as for {@link Timer#cancel()}; the new timer has started
	 */
	Timer start(String name, TimerSchedule schedule, Runnable tick);

	/**
	 * Cancel a timer by name: once this returns, no tick of it is running or will start,
	 * from whichever thread it is called. Called off the actor's turn while a tick runs,
	 * it waits for that tick to end (a single tick's too), as {@link Timer#cancel()}
	 * does.
	 * @param name the name
	 * @return whether an active timer had that name
	 * @throws ActorRegistryException if a tick under way did not end within 30 seconds,
	 * or the waiting thread was interrupted: the timer is cancelled all the same, as for
	 * {@link Timer#cancel()}
	 */
	boolean cancel(String name);

	/**
	 * Whether a timer of that name is active.
	 * @param name the name
	 * @return true if it will tick again
	 */
	boolean isActive(String name);

	/**
	 * The names of the active timers.
	 * @return a snapshot
	 */
	Set<String> names();

}
