/**
 * Durable reminders: named, periodic ticks of an actor kept in a
 * {@link dev.actorregistry.reminder.ReminderStore}, which survive passivation and
 * restarts and start their actor when due. Timers, which live only as long as the
 * activation, are in {@code dev.actorregistry}.
 */
@NullMarked
package dev.actorregistry.reminder;

import org.jspecify.annotations.NullMarked;
