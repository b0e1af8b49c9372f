package dev.actorregistry.persistence;

import java.time.Instant;

/**
 * One revision of an actor's state, as a {@link StateStore} keeps it.
 *
 * @param state the serialized state
 * @param revision its revision, from 1
 * @param savedAt when it was saved
 */
public record StoredState(SerializedState state, long revision, Instant savedAt) {
}
