package dev.actorregistry.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ChildCounts;
import dev.actorregistry.ChildInfo;
import dev.actorregistry.RegistryClock;

/**
 * What a registry's monitors read about its live actors: each one's description, their
 * counts and the messages waiting. Read from the registry's map without locks, so each
 * answer is a moment's view, not a snapshot of every actor at one instant.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
final class Children<K, A> {

	private final Map<K, Activation<K, A>> activations;

	/**
	 * The wall-clock time of the nano reading {@link #originNanos}: activity stamps are
	 * nano readings, shown as instants relative to this one origin so that repeated reads
	 * of the same stamp give the same instant.
	 */
	private final Instant originInstant;

	private final long originNanos;

	/**
	 * @param activations the registry's map, read only
	 * @param clock the clock of the activity stamps
	 */
	Children(Map<K, Activation<K, A>> activations, RegistryClock clock) {
		this.activations = activations;
		this.originInstant = clock.instant();
		this.originNanos = clock.nanoTime();
	}

	List<ChildInfo<K, A>> whichChildren() {
		List<ChildInfo<K, A>> children = new ArrayList<>();
		for (Activation<K, A> activation : this.activations.values()) {
			ChildInfo<K, A> child = describe(activation);
			if (child != null) {
				children.add(child);
			}
		}
		return children;
	}

	Optional<ChildInfo<K, A>> child(K key) {
		Activation<K, A> activation = this.activations.get(key);
		return (activation != null) ? Optional.ofNullable(describe(activation)) : Optional.empty();
	}

	private @Nullable ChildInfo<K, A> describe(Activation<K, A> activation) {
		A actor = activation.actor();
		if (activation.phase() != Activation.STARTED || actor == null) {
			return null;
		}
		PersistedState state = activation.persisted();
		ChildInfo.Persistence persistence = (state != null) ? new ChildInfo.Persistence(state.revision, state.savedAt,
				Math.max(0, activation.processed() - state.processedAtSave)) : null;
		return new ChildInfo<>(activation.key(), actor, activation.status(), instantOf(activation.startedAt()),
				instantOf(activation.lastActiveAt()), activation.mailboxSize(), activation.processed(),
				activation.failures(), persistence);
	}

	private Instant instantOf(long nanos) {
		return this.originInstant.plusNanos(nanos - this.originNanos);
	}

	ChildCounts countChildren() {
		int live = 0;
		int accepting = 0;
		for (Activation<K, A> activation : this.activations.values()) {
			if (activation.phase() == Activation.STARTED) {
				live++;
				if (!activation.isClosed()) {
					accepting++;
				}
			}
		}
		return new ChildCounts(1, accepting, 0, live);
	}

	long pendingMessages() {
		long pending = 0;
		for (Activation<K, A> activation : this.activations.values()) {
			pending += activation.mailboxSize();
		}
		return pending;
	}

}
