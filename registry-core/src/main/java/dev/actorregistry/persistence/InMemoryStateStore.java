package dev.actorregistry.persistence;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.actorregistry.ActorRegistryException;

/**
 * A {@link StateStore} in memory, for tests and for single-process applications that only
 * need state to outlive passivation. It keeps the last {@code history} revisions of each
 * key, with the same fencing as a database store, and keeps durable sends: each actor's
 * outbox and inbox change with its state, under the same lock.
 */
public final class InMemoryStateStore implements StateStore {

	private final Map<List<Object>, List<StoredState>> states = new ConcurrentHashMap<>();

	/** The order outboxes are read in, as a database store reads them. */
	private static final Comparator<DurableSend> OLDEST_FIRST = Comparator.comparing(DurableSend::sentAt)
		.thenComparing(DurableSend::id);

	/**
	 * Every actor's durable sends not yet delivered, by id, in the order saved; guarded
	 * by itself.
	 */
	private final Map<String, DurableSend> outbox = new LinkedHashMap<>();

	/** Each actor's inbox, by send id; guarded by {@link #outbox}. */
	private final Map<List<String>, Map<String, AppliedInvocation>> inboxes = new LinkedHashMap<>();

	private final int history;

	private final Clock clock;

	/**
	 * A store that keeps the last 10 revisions of each key, timed by the system clock.
	 */
	public InMemoryStateStore() {
		this(10, Clock.systemUTC());
	}

	/**
	 * Create a store.
	 * @param history how many revisions to keep per key, the latest included; at least 1
	 * @param clock stamps each save
	 */
	public InMemoryStateStore(int history, Clock clock) {
		if (history < 1) {
			throw new IllegalArgumentException("history must keep at least the latest revision, but was " + history);
		}
		this.history = history;
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	@Override
	public Optional<StoredState> load(String registry, String key) {
		List<StoredState> revisions = this.states.get(List.of(registry, key));
		if (revisions == null) {
			return Optional.empty();
		}
		synchronized (revisions) {
			return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
		}
	}

	@Override
	public long save(String registry, String key, SerializedState state, long expectedRevision) {
		return save(registry, key, state, expectedRevision, DurableChanges.NONE);
	}

	@Override
	public long save(String registry, String key, SerializedState state, long expectedRevision,
			DurableChanges changes) {
		if (expectedRevision < 0) {
			throw new IllegalArgumentException("Registry '" + registry + "': the expected revision of actor '"
					+ ActorRegistryException.keyText(key) + "' must be zero or positive, but was " + expectedRevision);
		}
		List<Object> id = List.of(registry, key);
		List<StoredState> revisions = this.states.computeIfAbsent(id, (absent) -> new ArrayList<>());
		synchronized (revisions) {
			if (this.states.get(id) != revisions) {
				// deleted while we waited for it: save into the key's new list
				return save(registry, key, state, expectedRevision, changes);
			}
			StoredState latest = revisions.isEmpty() ? null : revisions.get(revisions.size() - 1);
			long current = (latest != null) ? latest.revision() : 0;
			if (current != expectedRevision) {
				throw new StaleRevisionException(registry, key, expectedRevision, null);
			}
			requireNewIds(registry, key, changes);
			// later than the revision it replaces even if the clock went back, so that
			// revisions keep their order in time
			Instant now = this.clock.instant();
			Instant savedAt = (latest == null || now.isAfter(latest.savedAt())) ? now : latest.savedAt().plusNanos(1);
			revisions.add(new StoredState(state, current + 1, savedAt));
			if (revisions.size() > this.history) {
				revisions.remove(0);
			}
			if (!changes.isEmpty()) {
				synchronized (this.outbox) {
					changes.sent().forEach((send) -> this.outbox.put(send.id(), send));
					Map<String, AppliedInvocation> inbox = this.inboxes.computeIfAbsent(List.of(registry, key),
							(absent) -> new LinkedHashMap<>());
					changes.applied().forEach((applied) -> inbox.put(applied.id(), applied));
				}
			}
			return current + 1;
		}
	}

	/** A send already stored fails the whole save, before anything is written. */
	private void requireNewIds(String registry, String key, DurableChanges changes) {
		if (changes.isEmpty()) {
			return;
		}
		synchronized (this.outbox) {
			Map<String, AppliedInvocation> inbox = this.inboxes.get(List.of(registry, key));
			boolean stored = changes.sent().stream().anyMatch((send) -> this.outbox.containsKey(send.id()))
					|| (inbox != null
							&& changes.applied().stream().anyMatch((applied) -> inbox.containsKey(applied.id())));
			if (stored) {
				throw new IllegalStateException("Registry '" + registry + "', actor '"
						+ ActorRegistryException.keyText(key)
						+ "': a durable send or inbox record of this save is stored already, so nothing was saved. "
						+ "Give each send an id of its own.");
			}
		}
	}

	@Override
	public boolean keepsDurableSends() {
		return true;
	}

	@Override
	public List<AppliedInvocation> inbox(String registry, String key) {
		synchronized (this.outbox) {
			Map<String, AppliedInvocation> inbox = this.inboxes.get(List.of(registry, key));
			return (inbox != null) ? List.copyOf(inbox.values()) : List.of();
		}
	}

	@Override
	public List<DurableSend> outbox(String registry, int limit) {
		synchronized (this.outbox) {
			return this.outbox.values()
				.stream()
				.filter((send) -> send.senderRegistry().equals(registry))
				.sorted(OLDEST_FIRST)
				.limit(limit)
				.toList();
		}
	}

	@Override
	public List<DurableSend> outbox(String registry, String key) {
		synchronized (this.outbox) {
			return this.outbox.values()
				.stream()
				.filter((send) -> send.senderRegistry().equals(registry) && send.senderKey().equals(key))
				.sorted(OLDEST_FIRST)
				.toList();
		}
	}

	@Override
	public boolean delivered(DurableSend send) {
		synchronized (this.outbox) {
			Map<String, AppliedInvocation> inbox = this.inboxes
				.get(List.of(send.receiverRegistry(), send.receiverKey()));
			if (inbox != null) {
				inbox.remove(send.id());
			}
			return this.outbox.remove(send.id()) != null;
		}
	}

	@Override
	public boolean delete(String registry, String key) {
		synchronized (this.outbox) {
			this.inboxes.remove(List.of(registry, key));
		}
		List<StoredState> revisions = this.states.remove(List.of(registry, key));
		if (revisions == null) {
			return false;
		}
		synchronized (revisions) {
			return !revisions.isEmpty();
		}
	}

	@Override
	public Optional<StoredState> loadRevision(String registry, String key, long revision) {
		return revisions(registry, key).stream().filter((stored) -> stored.revision() == revision).findFirst();
	}

	@Override
	public List<StoredState> revisions(String registry, String key, Instant from, Instant to) {
		return revisions(registry, key).stream()
			.filter((stored) -> !stored.savedAt().isBefore(from) && stored.savedAt().isBefore(to))
			.toList();
	}

	private List<StoredState> revisions(String registry, String key) {
		List<StoredState> revisions = this.states.get(List.of(registry, key));
		if (revisions == null) {
			return Collections.emptyList();
		}
		synchronized (revisions) {
			return List.copyOf(revisions);
		}
	}

}
