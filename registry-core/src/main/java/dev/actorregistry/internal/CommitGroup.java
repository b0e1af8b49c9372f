package dev.actorregistry.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.persistence.SerializedState;

/**
 * The messages a write-through run applied since the actor's state was last saved: their
 * changes go to the store in one save, and their replies wait for it. A reply that
 * succeeds is completed only once the save that includes its change has committed, or
 * fails with that save's failure; a message that threw keeps its own exception either
 * way. Tells are counted as changes but have no reply to hold.
 * <p>
 * While it holds replies, the state as it was at the end of the last message is kept
 * serialized (a checkpoint taken before each message), so that a message about to block
 * on an ask can first save it and answer the replies it covers ({@link #boundary}): an
 * actor waiting for one of them is then answered rather than left waiting on a turn that
 * waits for it.
 * <p>
 * An activation makes one, on the first message it runs with write-through, and keeps it
 * for its later runs; without write-through none is made. Only the thread running the
 * activation's turn touches it.
 */
final class CommitGroup {

	/** Whether the failure policy restarts: then a checkpoint precedes each message. */
	private final boolean checkpoints;

	private Envelope[] asks = new Envelope[4];

	/** Each ask's result, or a {@link Threw} for one that threw. */
	private @Nullable Object[] outcomes = new Object[4];

	private int size;

	/** Messages run since the last save, tells included. */
	private int changes;

	/**
	 * The state as it was before the message running now, while this group holds replies
	 * or has changes and the failure policy restarts; else null.
	 */
	private @Nullable SerializedState checkpoint;

	/**
	 * Messages run and not yet counted as processed, as the run's loop had them when the
	 * message running now began; an early save counts them.
	 */
	private int uncounted;

	CommitGroup(boolean checkpoints) {
		this.checkpoints = checkpoints;
	}

	/** Whether messages ran since the last save. */
	boolean hasChanges() {
		return this.changes > 0;
	}

	/**
	 * Whether the state must be captured before the next message: if it blocks on an ask,
	 * the replies held so far are saved and answered first, with the state they
	 * acknowledge and none of its own changes; if it throws, the restart would reload the
	 * stored state, and the changes of this group, about to be acknowledged, must be
	 * stored first without the thrower's.
	 */
	boolean needsCheckpoint() {
		return this.size > 0 || (this.checkpoints && this.changes > 0);
	}

	void checkpoint(SerializedState state) {
		this.checkpoint = state;
	}

	/**
	 * The state before the message that ran last, captured for a restart.
	 * @return it, or null if none was captured
	 */
	@Nullable SerializedState checkpoint() {
		return this.checkpoint;
	}

	/**
	 * A message is about to run.
	 * @param uncounted messages run before it and not counted as processed yet
	 */
	void running(int uncounted) {
		this.uncounted = uncounted;
	}

	/**
	 * The message that began with {@link #running} has run.
	 * @return the messages run before it and still not counted: none if an early save
	 * counted them
	 */
	int uncountedBefore() {
		return this.uncounted;
	}

	/**
	 * The state to save before the message running now blocks on an ask: that of the end
	 * of the previous message, captured before it began, a consistent boundary.
	 * @return it, or null if no reply is held or no state was captured for the message
	 * running now
	 */
	@Nullable SerializedState boundary() {
		return (this.size > 0) ? this.checkpoint : null;
	}

	/**
	 * An early save is about to store {@link #boundary}: the messages it covers are
	 * counted as processed by the caller.
	 * @return how many to count
	 */
	int takeUncounted() {
		int messages = this.uncounted;
		this.uncounted = 0;
		return messages;
	}

	/**
	 * A message succeeded: its reply waits for the save.
	 * @param result what its reply completes with
	 */
	void succeeded(Envelope message, @Nullable Object result) {
		// the state captured before it is no longer a boundary of this group
		this.checkpoint = null;
		this.changes++;
		if (!message.isTell()) {
			hold(message, result);
		}
	}

	/**
	 * A message threw and the actor resumes: its state is saved with the group, and its
	 * reply fails with its own exception once the save is done, whatever its outcome.
	 */
	void threw(Envelope message, Throwable thrown) {
		this.checkpoint = null;
		this.changes++;
		if (!message.isTell()) {
			hold(message, new Threw(thrown));
		}
	}

	private void hold(Envelope message, @Nullable Object outcome) {
		if (this.size == this.asks.length) {
			this.asks = Arrays.copyOf(this.asks, this.size * 2);
			this.outcomes = Arrays.copyOf(this.outcomes, this.size * 2);
		}
		this.asks[this.size] = message;
		this.outcomes[this.size] = outcome;
		this.size++;
	}

	/**
	 * The group's save is done: complete every reply it held and start over.
	 * @param unsaved null if the save committed (or nothing needed saving), else why not:
	 * every reply that would have succeeded fails with it
	 */
	void saved(@Nullable Throwable unsaved) {
		Envelope[] asks = this.asks;
		@Nullable Object[] outcomes = this.outcomes;
		int size = this.size;
		this.size = 0;
		this.changes = 0;
		this.checkpoint = null;
		for (int i = 0; i < size; i++) {
			Envelope message = asks[i];
			Object outcome = outcomes[i];
			// not kept alive by a group that lives on
			asks[i] = null;
			outcomes[i] = null;
			if (outcome instanceof Threw threw) {
				message.fail(threw.thrown);
			}
			else if (unsaved != null) {
				message.fail(unsaved);
			}
			else {
				message.complete(outcome);
			}
		}
	}

	/** The outcome of an ask that threw, told apart from a result that is a throwable. */
	private record Threw(Throwable thrown) {
	}

}
