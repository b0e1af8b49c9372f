package dev.actorregistry.reminder;

import java.time.Instant;

/**
 * One tick of a {@link Reminder}, as {@link Remindable#onReminder} receives it. Ticks are
 * delivered at least once: a tick whose delivery was not recorded (the process died, say)
 * is delivered again with the same {@link #id()}, so an actor that must not act twice
 * keeps the last id it acted on.
 *
 * @param name the reminder's name
 * @param sequence the tick's number: 0 for the first tick of the reminder, and one more
 * for each period since
 * @param dueAt when this tick was due
 * @param firedAt when it was fired, by the registry's clock
 * @param missedTicks how many earlier ticks were missed and not delivered: dropped
 * ({@link MissedTickPolicy#SKIP}, {@link MissedTickPolicy#CATCH_UP} beyond its limit) or
 * folded into this one ({@link MissedTickPolicy#FIRE_ONCE})
 */
public record ReminderTick(String name, long sequence, Instant dueAt, Instant firedAt, long missedTicks) {

	/**
	 * The tick's identity, the same on every delivery of it.
	 * @return the name and the sequence
	 */
	public String id() {
		return this.name + "#" + this.sequence;
	}

}
