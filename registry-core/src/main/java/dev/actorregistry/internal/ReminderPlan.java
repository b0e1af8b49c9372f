package dev.actorregistry.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.reminder.StoredReminder;

/**
 * What to do with a claimed reminder: the ticks to deliver, how many were missed, and
 * where its schedule goes next. A pure function of the row and the time, so every
 * instance that fires the same claim plans the same ticks, with the same ids.
 *
 * @param ticks the ticks to deliver, oldest first
 * @param missed the ticks due and not delivered
 * @param nextDueAt when the next tick is due, or {@code null} if the reminder is done
 * @param nextSequence the sequence number of that tick
 */
record ReminderPlan(List<ReminderTick> ticks, long missed, @Nullable Instant nextDueAt, long nextSequence) {

	static ReminderPlan of(StoredReminder reminder, Instant now, Duration misfireThreshold, int maxCatchUp) {
		Instant first = reminder.dueAt();
		Duration period = reminder.period();
		long due = (period == null || now.isBefore(first)) ? 1 : Duration.between(first, now).dividedBy(period) + 1;
		long lastIndex = due - 1;
		Instant lastDueAt = (period == null) ? first : first.plus(period.multipliedBy(lastIndex));
		Instant nextDueAt = (period == null) ? null : lastDueAt.plus(period);
		long nextSequence = reminder.sequence() + due;
		boolean lastOnTime = !lastDueAt.plus(misfireThreshold).isBefore(now);
		List<ReminderTick> ticks = new ArrayList<>();
		switch (reminder.missedTicks()) {
			case SKIP -> {
				if (lastOnTime) {
					ticks.add(tick(reminder, lastIndex, lastDueAt, now, lastIndex));
				}
			}
			case FIRE_ONCE -> ticks.add(tick(reminder, lastIndex, lastDueAt, now, lastIndex));
			case CATCH_UP -> {
				long from = Math.max(0, due - maxCatchUp);
				for (long index = from; index < due; index++) {
					Instant dueAt = (period == null) ? first : first.plus(period.multipliedBy(index));
					ticks.add(tick(reminder, index, dueAt, now, (index == from) ? from : 0));
				}
			}
		}
		return new ReminderPlan(List.copyOf(ticks), due - ticks.size(), nextDueAt, nextSequence);
	}

	private static ReminderTick tick(StoredReminder reminder, long index, Instant dueAt, Instant now, long missed) {
		return new ReminderTick(reminder.name(), reminder.sequence() + index, dueAt, now, missed);
	}

}
