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
 * A run makes one, on its first message, and only with write-through: the activation
 * gains no field, and a run without write-through allocates nothing for it. Only the
 * run's thread touches it.
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
	 * The state as it was before the message running now, while this group has changes
	 * and the failure policy restarts; else null.
	 */
	private @Nullable SerializedState checkpoint;

	CommitGroup(boolean checkpoints) {
		this.checkpoints = checkpoints;
	}

	/** Whether messages ran since the last save. */
	boolean hasChanges() {
		return this.changes > 0;
	}

	/**
	 * Whether the state must be captured before the next message: if it threw, the
	 * restart would reload the stored state, and the changes of this group, about to be
	 * acknowledged, must be stored first without the thrower's.
	 */
	boolean needsCheckpoint() {
		return this.checkpoints && this.changes > 0;
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
	 * A message succeeded: its reply waits for the save.
	 * @param result what its reply completes with
	 */
	void succeeded(Envelope message, @Nullable Object result) {
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
