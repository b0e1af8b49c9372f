package dev.actorregistry;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.persistence.PersistentActor;

/**
 * A snapshot of one live actor, as listed by {@link ActorRegistry#whichChildren}.
 *
 * @param key the actor's key
 * @param actor the instance; send it messages through the registry rather than calling it
 * @param status {@link ActorStatus#ACTIVE} or {@link ActorStatus#STOPPING}
 * @param startedAt when the activation started
 * @param lastActiveAt when its mailbox last became empty (its start, if it never ran a
 * message)
 * @param mailboxSize messages accepted and not yet finished, the running one included
 * @param processed messages run by this activation; while it is busy, tells it ran are
 * added in steps of up to 64
 * @param failures messages of this activation that threw
 * @param persistence the revision of its stored state, for a {@link PersistentActor} in a
 * registry with a state store; otherwise {@code null}
 * @param <K> the key type
 * @param <A> the actor type
 */
public record ChildInfo<K, A>(K key, A actor, ActorStatus status, Instant startedAt, Instant lastActiveAt,
		int mailboxSize, long processed, long failures, @Nullable Persistence persistence) {

	/**
	 * Where a persistent actor's state stands in its store.
	 *
	 * @param revision the revision this activation loaded or last saved; 0 if none is
	 * stored yet
	 * @param savedAt when that revision was saved, or {@code null} if none is stored
	 * @param unsavedMessages messages run since the state was last saved or found
	 * unchanged
	 */
	public record Persistence(long revision, @Nullable Instant savedAt, long unsavedMessages) {
	}
}
