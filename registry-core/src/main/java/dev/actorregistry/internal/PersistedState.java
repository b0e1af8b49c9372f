package dev.actorregistry.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.persistence.AppliedInvocation;
import dev.actorregistry.persistence.DurableChanges;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.SerializedState;

/**
 * What an activation knows of its stored state: the revision it owns and the bytes it
 * last loaded or saved (or its initial state, when nothing was stored), to save only
 * changes. Written on the actor's turn; the volatile fields are read by monitors and the
 * snapshot sweep.
 */
final class PersistedState {

	volatile long revision;

	volatile @Nullable Instant savedAt;

	/**
	 * Messages the activation had run when its state was last saved or found unchanged.
	 */
	volatile long processedAtSave;

	@Nullable SerializedState saved;

	/** Another activation saved a newer revision: this one must never write again. */
	boolean fenced;

	/** The last save failed; the next one that succeeds says so. */
	boolean failing;

	/**
	 * The durable sends this actor applied or refused, by id, whose senders have not yet
	 * learnt of the delivery: loaded with the state, grown on its turn, shrunk by the
	 * delivering thread ({@link #forget}).
	 */
	final Map<String, AppliedInvocation> inbox = new ConcurrentHashMap<>();

	/** Durable sends made on the actor's turns and not yet saved, oldest first. */
	private final List<DurableSend> unsavedSends = new ArrayList<>();

	/** Inbox records made on the actor's turns and not yet saved. */
	private final List<AppliedInvocation> unsavedApplied = new ArrayList<>();

	/**
	 * How many unsaved sends and records the state captured before the current message
	 * covers: a save of that checkpoint stores only those, and a restart that discards
	 * the message's changes discards what it sent with them.
	 */
	private int sendsMark;

	private int appliedMark;

	PersistedState(long revision, @Nullable SerializedState saved, @Nullable Instant savedAt) {
		this.revision = revision;
		this.saved = saved;
		this.savedAt = savedAt;
	}

	void saved(long revision, SerializedState state, Instant at, long processed) {
		this.saved = state;
		this.savedAt = at;
		this.processedAtSave = processed;
		this.revision = revision;
	}

	/** Record a durable send made on the actor's turn, to go with the next save. */
	void send(DurableSend send) {
		this.unsavedSends.add(send);
	}

	/** Record that the actor applied or refused a durable send, with the next save. */
	void applied(AppliedInvocation applied) {
		this.inbox.put(applied.id(), applied);
		this.unsavedApplied.add(applied);
	}

	/** The state as it is now is captured: what was recorded so far goes with it. */
	void mark() {
		this.sendsMark = this.unsavedSends.size();
		this.appliedMark = this.unsavedApplied.size();
	}

	/**
	 * A refused durable send: what its operation sent since the {@link #mark} is void.
	 */
	void dropSendsSinceMark() {
		this.unsavedSends.subList(this.sendsMark, this.unsavedSends.size()).clear();
	}

	/**
	 * What a save stores beside the state.
	 * @param checkpoint whether it stores the state captured at the {@link #mark}, rather
	 * than as it is now
	 * @return the changes, or {@link DurableChanges#NONE}
	 */
	DurableChanges unsaved(boolean checkpoint) {
		if (this.unsavedSends.isEmpty() && this.unsavedApplied.isEmpty()) {
			return DurableChanges.NONE;
		}
		return checkpoint
				? new DurableChanges(this.unsavedSends.subList(0, this.sendsMark),
						this.unsavedApplied.subList(0, this.appliedMark))
				: new DurableChanges(this.unsavedSends, this.unsavedApplied);
	}

	/** The changes a save stored are saved: they are no longer pending. */
	void changesSaved(DurableChanges saved) {
		if (saved.isEmpty()) {
			return;
		}
		this.unsavedSends.subList(0, saved.sent().size()).clear();
		this.unsavedApplied.subList(0, saved.applied().size()).clear();
		this.sendsMark = Math.max(0, this.sendsMark - saved.sent().size());
		this.appliedMark = Math.max(0, this.appliedMark - saved.applied().size());
	}

	/** Whether durable sends or records wait for a save. */
	boolean hasUnsavedChanges() {
		return !this.unsavedSends.isEmpty() || !this.unsavedApplied.isEmpty();
	}

	/**
	 * The sender learnt of a delivery to this actor: the record is dropped from the store
	 * already, and from memory now.
	 */
	void forget(String id) {
		this.inbox.remove(id);
	}

}
