package dev.actorregistry.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

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

}
