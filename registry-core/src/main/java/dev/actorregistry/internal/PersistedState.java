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
	 * delivering thread ({@link #forget}). Made by the first record, as most actors never
	 * receive a durable send.
	 */
	private volatile @Nullable Map<String, AppliedInvocation> inbox;

	/** Durable sends made on the actor's turns and not yet saved, oldest first. */
	private @Nullable List<DurableSend> unsavedSends;

	/** Inbox records made on the actor's turns and not yet saved. */
	private @Nullable List<AppliedInvocation> unsavedApplied;

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
		List<DurableSend> sends = this.unsavedSends;
		if (sends == null) {
			sends = new ArrayList<>();
			this.unsavedSends = sends;
		}
		sends.add(send);
	}

	/** Take over the inbox records loaded with the state. */
	void loadInbox(List<AppliedInvocation> records) {
		if (!records.isEmpty()) {
			Map<String, AppliedInvocation> inbox = inbox();
			records.forEach((applied) -> inbox.put(applied.id(), applied));
		}
	}

	/** Record that the actor applied or refused a durable send, with the next save. */
	void applied(AppliedInvocation applied) {
		inbox().put(applied.id(), applied);
		List<AppliedInvocation> records = this.unsavedApplied;
		if (records == null) {
			records = new ArrayList<>();
			this.unsavedApplied = records;
		}
		records.add(applied);
	}

	/**
	 * Whether the actor applied or refused a durable send whose sender has not yet learnt
	 * of the delivery.
	 */
	boolean hasApplied(String id) {
		Map<String, AppliedInvocation> inbox = this.inbox;
		return inbox != null && inbox.containsKey(id);
	}

	private Map<String, AppliedInvocation> inbox() {
		Map<String, AppliedInvocation> inbox = this.inbox;
		if (inbox == null) {
			inbox = new ConcurrentHashMap<>();
			this.inbox = inbox;
		}
		return inbox;
	}

	/** The state as it is now is captured: what was recorded so far goes with it. */
	void mark() {
		this.sendsMark = size(this.unsavedSends);
		this.appliedMark = size(this.unsavedApplied);
	}

	/**
	 * A refused durable send: what its operation sent since the {@link #mark} is void.
	 */
	void dropSendsSinceMark() {
		List<DurableSend> sends = this.unsavedSends;
		if (sends != null) {
			sends.subList(this.sendsMark, sends.size()).clear();
		}
	}

	/**
	 * What a save stores beside the state.
	 * @param checkpoint whether it stores the state captured at the {@link #mark}, rather
	 * than as it is now
	 * @return the changes, or {@link DurableChanges#NONE}
	 */
	DurableChanges unsaved(boolean checkpoint) {
		List<DurableSend> sends = this.unsavedSends;
		List<AppliedInvocation> records = this.unsavedApplied;
		if (size(sends) == 0 && size(records) == 0) {
			return DurableChanges.NONE;
		}
		List<DurableSend> sent = (sends != null) ? sends : List.of();
		List<AppliedInvocation> applied = (records != null) ? records : List.of();
		return checkpoint ? new DurableChanges(sent.subList(0, this.sendsMark), applied.subList(0, this.appliedMark))
				: new DurableChanges(sent, applied);
	}

	/** The changes a save stored are saved: they are no longer pending. */
	void changesSaved(DurableChanges saved) {
		List<DurableSend> sends = this.unsavedSends;
		if (sends != null) {
			sends.subList(0, saved.sent().size()).clear();
			this.sendsMark = Math.max(0, this.sendsMark - saved.sent().size());
		}
		List<AppliedInvocation> records = this.unsavedApplied;
		if (records != null) {
			records.subList(0, saved.applied().size()).clear();
			this.appliedMark = Math.max(0, this.appliedMark - saved.applied().size());
		}
	}

	private static int size(@Nullable List<?> list) {
		return (list != null) ? list.size() : 0;
	}

	/**
	 * The sender learnt of a delivery to this actor: the record is dropped from the store
	 * already, and from memory now.
	 */
	void forget(String id) {
		Map<String, AppliedInvocation> inbox = this.inbox;
		if (inbox != null) {
			inbox.remove(id);
		}
	}

}
