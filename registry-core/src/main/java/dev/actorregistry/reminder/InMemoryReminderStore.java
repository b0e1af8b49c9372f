package dev.actorregistry.reminder;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ReminderStore} in memory, for tests and for single-process applications whose
 * reminders need only outlive passivation, not the process. Claims and updates compare
 * versions exactly as a database store does, so registries sharing one store fire each
 * tick once.
 */
public final class InMemoryReminderStore implements ReminderStore {

	private final Map<List<String>, StoredReminder> reminders = new ConcurrentHashMap<>();

	/**
	 * Versions never repeat, not even for a name cancelled and registered again: a row
	 * read before the cancel can never claim the new schedule.
	 */
	private final AtomicLong versions = new AtomicLong();

	@Override
	public void register(StoredReminder reminder) {
		Objects.requireNonNull(reminder, "reminder must not be null");
		// a new version, so a claim of the replaced schedule can no longer write
		this.reminders.put(id(reminder), withVersion(reminder, this.versions.incrementAndGet(), null, null,
				reminder.dueAt(), reminder.sequence()));
	}

	@Override
	public boolean cancel(String registry, String key, String name) {
		return this.reminders.remove(List.of(registry, key, name)) != null;
	}

	@Override
	public List<StoredReminder> list(String registry, String key) {
		return this.reminders.values()
			.stream()
			.filter((reminder) -> reminder.registry().equals(registry) && reminder.key().equals(key))
			.sorted(Comparator.comparing(StoredReminder::name))
			.toList();
	}

	@Override
	public List<StoredReminder> due(String registry, Instant now, int limit) {
		return this.reminders.values()
			.stream()
			.filter((reminder) -> reminder.registry().equals(registry) && !reminder.dueAt().isAfter(now)
					&& (reminder.leaseUntil() == null || !reminder.leaseUntil().isAfter(now)))
			.sorted(Comparator.comparing(StoredReminder::dueAt))
			.limit(limit)
			.toList();
	}

	@Override
	public Optional<StoredReminder> claim(StoredReminder due, String owner, Instant leaseUntil) {
		StoredReminder claimed = withVersion(due, this.versions.incrementAndGet(), owner, leaseUntil, due.dueAt(),
				due.sequence());
		return replace(due, claimed) ? Optional.of(claimed) : Optional.empty();
	}

	@Override
	public boolean advance(StoredReminder claimed, @Nullable Instant nextDueAt, long nextSequence) {
		if (nextDueAt == null) {
			return this.reminders.remove(id(claimed), claimed);
		}
		return replace(claimed,
				withVersion(claimed, this.versions.incrementAndGet(), null, null, nextDueAt, nextSequence));
	}

	@Override
	public boolean release(StoredReminder claimed, Instant retryAt) {
		return replace(claimed, withVersion(claimed, this.versions.incrementAndGet(), null, retryAt, claimed.dueAt(),
				claimed.sequence()));
	}

	/** Replace a row only if it is still at the version read. */
	private boolean replace(StoredReminder read, StoredReminder next) {
		boolean[] replaced = new boolean[1];
		this.reminders.computeIfPresent(id(read), (id, current) -> {
			if (current.version() != read.version()) {
				return current;
			}
			replaced[0] = true;
			return next;
		});
		return replaced[0];
	}

	private static StoredReminder withVersion(StoredReminder reminder, long version, @Nullable String owner,
			@Nullable Instant leaseUntil, Instant dueAt, long sequence) {
		return new StoredReminder(reminder.registry(), reminder.key(), reminder.name(), dueAt, reminder.period(),
				reminder.missedTicks(), sequence, owner, leaseUntil, version);
	}

	private static List<String> id(StoredReminder reminder) {
		return List.of(reminder.registry(), reminder.key(), reminder.name());
	}

}
