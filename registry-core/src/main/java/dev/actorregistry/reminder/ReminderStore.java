package dev.actorregistry.reminder;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.KeyTooLongException;

/**
 * Where durable reminders are kept: one row per {@code (registry, key, name)}.
 * <p>
 * Several registry instances (one per application instance) may share a store. A due tick
 * is fired by the instance that {@link #claim claims} it: a claim is a lease, written
 * only if the row is still at the version the instance read, so of two instances one
 * wins. The winner delivers the tick and then {@link #advance advances} the schedule; if
 * it dies first, the lease runs out and another instance fires the tick again, with the
 * same sequence number (at least once). Every write that changes a row changes its
 * version, so a reminder registered again or cancelled while its tick was in flight is
 * never overwritten by the old schedule.
 * <p>
 * Stores are shared by every registry and called from several threads: they must be
 * thread-safe.
 *
 * @see InMemoryReminderStore
 */
public interface ReminderStore {

	/**
	 * Store a newly registered reminder, replacing one of the same name and any lease on
	 * it.
	 * @param reminder the reminder, as {@link StoredReminder#registered} makes it
	 */
	void register(StoredReminder reminder);

	/**
	 * Remove a reminder.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @param name the reminder's name
	 * @return whether there was one
	 */
	boolean cancel(String registry, String key, String name);

	/**
	 * The reminders of one actor, by name.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @return the reminders
	 */
	List<StoredReminder> list(String registry, String key);

	/**
	 * Reminders with a tick due and free to claim: due at or before {@code now}, and not
	 * leased beyond it. Earliest due first.
	 * @param registry the registry's name
	 * @param now the time
	 * @param limit the most to return
	 * @return the due reminders
	 */
	List<StoredReminder> due(String registry, Instant now, int limit);

	/**
	 * Take the lease on a due reminder, if it is still at the version read.
	 * @param due the reminder as read by {@link #due}
	 * @param owner the instance claiming it
	 * @param leaseUntil until when
	 * @return the claimed row, at its new version; empty if the row changed or is gone
	 */
	Optional<StoredReminder> claim(StoredReminder due, String owner, Instant leaseUntil);

	/**
	 * Record that the claimed ticks were delivered: move the reminder to its next tick
	 * and free its lease, or remove it if it has no next tick. Only if the row is still
	 * at the claimed version.
	 * @param claimed the row {@link #claim} returned
	 * @param nextDueAt when the next tick is due, or {@code null} to remove the reminder
	 * @param nextSequence the sequence number of that tick
	 * @return whether the row was still the claimed one
	 */
	boolean advance(StoredReminder claimed, @Nullable Instant nextDueAt, long nextSequence);

	/**
	 * Give up the lease after a failed delivery, keeping the tick due, and keep every
	 * instance from claiming it again until {@code retryAt}. Only if the row is still at
	 * the claimed version.
	 * @param claimed the row {@link #claim} returned
	 * @param retryAt when it may be claimed again
	 * @return whether the row was still the claimed one
	 */
	boolean release(StoredReminder claimed, Instant retryAt);

	/**
	 * The longest key, as text, this store keeps. Registering a reminder for a longer key
	 * fails with a {@link KeyTooLongException} before the store is called.
	 * @return the most characters; {@link Integer#MAX_VALUE}, the default, for no limit
	 */
	default int maxKeyLength() {
		return Integer.MAX_VALUE;
	}

}
