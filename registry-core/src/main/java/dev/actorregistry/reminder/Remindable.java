package dev.actorregistry.reminder;

/**
 * An actor that receives the ticks of its durable {@link Reminder reminders}.
 */
public interface Remindable {

	/**
	 * A reminder's tick is due. Called on the actor's own turn, like any message. A tick
	 * counts as delivered when this returns; if it throws, the tick is delivered again
	 * later, with the same id.
	 * @param tick the tick
	 */
	void onReminder(ReminderTick tick);

}
