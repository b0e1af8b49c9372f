package dev.actorregistry.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.actorregistry.KeyTooLongException;

/**
 * Where persistent actors keep their state: one row per {@code (registry, key)}, carrying
 * the serialized state and a revision that is both its version and a fencing token.
 * <p>
 * The registry calls a store from an actor's turn, one call at a time per key; a store is
 * shared by every registry and key, so it must be thread-safe. It sees bytes only: a
 * {@link StateCodec} turns states into bytes and back. Revisions start at 1 for the first
 * save; 0 means nothing is stored. Each save is stamped later than the revision it
 * replaces, even if the clock went back, so revisions keep their order in time.
 * <p>
 * Keys reach a store as text, the {@link String#valueOf text} of the actor's key, as the
 * {@link dev.actorregistry.reminder.ReminderStore} gets them too: the registry turns keys
 * into text by one rule, and keys whose texts are equal share a row.
 *
 * @see PersistentActor
 * @see InMemoryStateStore
 */
public interface StateStore {

	/**
	 * The latest state of an actor.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @return the state, or empty if none was ever saved (or it was deleted)
	 */
	Optional<StoredState> load(String registry, String key);

	/**
	 * Save a new state if the stored revision is still {@code expectedRevision}.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @param state the serialized state and the name of its type
	 * @param expectedRevision the revision this activation loaded or last saved; 0 if
	 * none
	 * @return the new revision, {@code expectedRevision + 1}
	 * @throws StaleRevisionException if another writer saved since: the stored revision
	 * is not {@code expectedRevision}. Of writers that race at the same expected
	 * revision, exactly one wins.
	 * @throws IllegalArgumentException if {@code expectedRevision} is negative: a
	 * caller's mistake, not a race
	 */
	long save(String registry, String key, SerializedState state, long expectedRevision);

	/**
	 * Save a new state, as {@link #save(String, String, SerializedState, long)} does, and
	 * in the same transaction what the actor sent and applied durably since its last
	 * save: either all of it is stored, or none.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @param state the serialized state and the name of its type
	 * @param expectedRevision the revision this activation loaded or last saved; 0 if
	 * none
	 * @param changes the sends to add to the actor's outbox and the records to add to its
	 * inbox
	 * @return the new revision, {@code expectedRevision + 1}
	 * @throws StaleRevisionException if another writer saved since; then nothing is
	 * stored
	 * @throws UnsupportedOperationException if there are changes and the store does not
	 * {@link #keepsDurableSends keep durable sends}
	 */
	default long save(String registry, String key, SerializedState state, long expectedRevision,
			DurableChanges changes) {
		if (!changes.isEmpty()) {
			throw new UnsupportedOperationException(getClass().getName() + " does not keep durable sends");
		}
		return save(registry, key, state, expectedRevision);
	}

	/**
	 * Whether this store keeps durable sends: outboxes and inboxes beside the states,
	 * written in the same transaction. A registry refuses to send or receive durably
	 * through a store that does not.
	 * @return false by default
	 */
	default boolean keepsDurableSends() {
		return false;
	}

	/**
	 * The inbox of an actor: the durable sends it applied or refused whose senders have
	 * not yet learnt of the delivery.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @return the records, in no particular order
	 */
	default List<AppliedInvocation> inbox(String registry, String key) {
		return List.of();
	}

	/**
	 * The durable sends of a registry's actors not yet delivered, oldest first.
	 * @param registry the senders' registry
	 * @param limit the most to return
	 * @return the sends
	 */
	default List<DurableSend> outbox(String registry, int limit) {
		return List.of();
	}

	/**
	 * The durable sends of one actor not yet delivered, oldest first.
	 * @param registry the sender's registry
	 * @param key the sender's key, as text
	 * @return the sends
	 */
	default List<DurableSend> outbox(String registry, String key) {
		return List.of();
	}

	/**
	 * A durable send's receiver has applied or refused it, and its sender has learnt so:
	 * remove it from the sender's outbox and its record from the receiver's inbox, in one
	 * transaction. No delivery of it follows, so the record is no longer needed.
	 * @param send the send
	 * @return whether it was still in the outbox
	 */
	default boolean delivered(DurableSend send) {
		return false;
	}

	/**
	 * Delete an actor's state and its history, and its inbox.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @return whether there was anything to delete
	 */
	boolean delete(String registry, String key);

	/**
	 * A past revision, if the store still keeps it.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @param revision the revision
	 * @return the state as saved at that revision, or empty if it is not kept
	 */
	Optional<StoredState> loadRevision(String registry, String key, long revision);

	/**
	 * The revisions the store keeps that were saved in a time interval, oldest first.
	 * @param registry the registry's name
	 * @param key the actor's key, as text
	 * @param from the start of the interval, inclusive
	 * @param to the end of the interval, exclusive
	 * @return the revisions
	 */
	List<StoredState> revisions(String registry, String key, Instant from, Instant to);

	/**
	 * The longest key, as its {@link String#valueOf text}, this store keeps. A registry
	 * with this store refuses longer keys with a {@link KeyTooLongException} before it
	 * starts an actor for them, so the store is never called with a key it cannot keep
	 * and a client learns that a retry cannot help.
	 * @return the most characters; {@link Integer#MAX_VALUE}, the default, for no limit
	 */
	default int maxKeyLength() {
		return Integer.MAX_VALUE;
	}

}
