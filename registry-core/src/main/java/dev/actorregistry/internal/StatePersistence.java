package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.RegistryClock;
import dev.actorregistry.StopReason;
import dev.actorregistry.persistence.DurableChanges;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StaleRevisionException;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.persistence.StateSaveException;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;

/**
 * Loads and saves the state of a registry's persistent actors through its
 * {@link StateStore} and {@link StateCodec}, and reports each load and save. Every call
 * runs on the actor's own turn (or its start), so the snapshot is consistent and saves of
 * one key never overlap.
 * <p>
 * It also decides what a failed final save means ({@link #saveBeforeStop}): while the
 * registry runs, the actor stays live rather than lose its state, and a later stop tries
 * again; while it drains, no later stop comes, so the save is tried again with back-off
 * until the drain's deadline, and a state still unsaved then is counted as lost.
 */
final class StatePersistence {

	private static final System.Logger logger = System.getLogger(StatePersistence.class.getName());

	private final String registry;

	private final StateStore store;

	private final StateCodec codec;

	private final RegistryClock clock;

	private final CompositeListener listener;

	/**
	 * Until when a draining registry lets final saves try again; a
	 * {@link System#nanoTime()}.
	 */
	private volatile long retryDeadline;

	private final AtomicInteger statesLost = new AtomicInteger();

	/**
	 * Takes the durable sends a save stored, to deliver them; null if the registry does
	 * not send durably.
	 */
	private final @Nullable Consumer<List<DurableSend>> sendsSaved;

	StatePersistence(String registry, StateStore store, StateCodec codec, RegistryClock clock,
			CompositeListener listener, @Nullable Consumer<List<DurableSend>> sendsSaved) {
		this.registry = registry;
		this.store = store;
		this.codec = codec;
		this.clock = clock;
		this.listener = listener;
		this.sendsSaved = sendsSaved;
	}

	/**
	 * Load the latest state into a new actor instance.
	 * @param key the actor's key
	 * @param actor the instance, before {@code onStart}
	 * @return what the activation owns: the loaded revision, or 0 if nothing was stored
	 * @throws RuntimeException if the state could not be loaded or restored, with a
	 * message saying which
	 */
	<S> PersistedState load(Object key, PersistentActor<S> actor) {
		long begin = this.clock.nanoTime();
		try {
			Optional<StoredState> found = this.store.load(this.registry, KeyText.of(key));
			// Nothing stored: the initial state is the baseline, so an actor that is only
			// read never writes a row.
			PersistedState loaded;
			if (found.isPresent()) {
				StoredState stored = found.get();
				actor.restore(decode(stored, actor));
				loaded = new PersistedState(stored.revision(), stored.state(), stored.savedAt());
			}
			else {
				loaded = new PersistedState(0, initialState(actor), null);
			}
			if (this.sendsSaved != null) {
				loaded.loadInbox(this.store.inbox(this.registry, KeyText.of(key)));
			}
			this.listener.stateLoaded(this.registry, key, loaded.revision, this.clock.nanoTime() - begin, null);
			return loaded;
		}
		catch (RuntimeException | Error ex) {
			this.listener.stateLoaded(this.registry, key, 0, this.clock.nanoTime() - begin, ex);
			throw ex;
		}
	}

	private @Nullable SerializedState initialState(PersistentActor<?> actor) {
		try {
			Object initial = actor.snapshot();
			return (initial != null) ? new SerializedState(initial.getClass().getName(), this.codec.encode(initial))
					: null;
		}
		catch (RuntimeException ex) {
			// reported by the first save, which tries again
			return null;
		}
	}

	private <S> S decode(StoredState stored, PersistentActor<S> actor) {
		Class<S> type = actor.stateType();
		try {
			return this.codec.decode(stored.state().data(), type);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("its stored state (revision " + stored.revision() + ", saved as "
					+ stored.state().type() + ") cannot be read as " + type.getName() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Save the actor's state if it changed since it was last loaded or saved.
	 * @param key the actor's key
	 * @param actor the instance
	 * @param state what the activation owns
	 * @param processed messages the activation has run so far
	 * @param when what the registry is doing, for messages: "on stop", ...
	 * @throws StateConflictException if another activation saved a newer revision; the
	 * state is fenced and never saved again
	 * @throws StateSaveException if the state could not be serialized or saved; nothing
	 * changed, and a later save tries again
	 */
	void save(Object key, PersistentActor<?> actor, PersistedState state, long processed, String when) {
		if (state.fenced) {
			return;
		}
		write(key, serialize(key, actor, state, when), false, state, processed, when);
	}

	/**
	 * Save a state serialized earlier ({@link #serialize}) if it differs from the one
	 * last loaded or saved: a write-through group's checkpoint, stored before a restart.
	 * @param key the actor's key
	 * @param snapshot the state to store
	 * @param state what the activation owns
	 * @param processed messages the activation has run so far
	 * @param when what the registry is doing, for messages
	 * @throws StateConflictException as
	 * {@link #save(Object, PersistentActor, PersistedState, long, String)}
	 * @throws StateSaveException as
	 * {@link #save(Object, PersistentActor, PersistedState, long, String)}
	 */
	void save(Object key, SerializedState snapshot, PersistedState state, long processed, String when) {
		if (!state.fenced) {
			write(key, snapshot, true, state, processed, when);
		}
	}

	/**
	 * @param checkpoint whether {@code snapshot} was captured before the current message
	 * rather than now: then only the durable sends and records made before it go with it
	 */
	private void write(Object key, SerializedState snapshot, boolean checkpoint, PersistedState state, long processed,
			String when) {
		DurableChanges changes = state.unsaved(checkpoint);
		if (changes.isEmpty() && snapshot.sameDataAs(state.saved)) {
			state.processedAtSave = processed;
			return;
		}
		long begin = this.clock.nanoTime();
		try {
			String text = KeyText.of(key);
			long revision = changes.isEmpty() ? this.store.save(this.registry, text, snapshot, state.revision)
					: this.store.save(this.registry, text, snapshot, state.revision, changes);
			state.saved(revision, snapshot, this.clock.instant(), processed);
			state.changesSaved(changes);
			if (this.sendsSaved != null && !changes.sent().isEmpty()) {
				this.sendsSaved.accept(changes.sent());
			}
			this.listener.stateSaved(this.registry, key, revision, this.clock.nanoTime() - begin, null);
			if (state.failing) {
				state.failing = false;
				logger.log(Level.INFO,
						"Registry '" + this.registry + "': saved the state of actor '"
								+ ActorRegistryException.keyText(key) + "' again (revision " + revision
								+ ") after failed attempts");
			}
		}
		catch (StaleRevisionException ex) {
			state.fenced = true;
			this.listener.stateSaved(this.registry, key, state.revision, this.clock.nanoTime() - begin, ex);
			StateConflictException conflict = new StateConflictException(ex);
			this.listener.stateConflict(this.registry, key, conflict);
			logger.log(Level.WARNING, conflict.getMessage());
			throw conflict;
		}
		catch (RuntimeException ex) {
			this.listener.stateSaved(this.registry, key, state.revision, this.clock.nanoTime() - begin, ex);
			throw failed(key, state, new StateSaveException(this.registry, key, when, ex));
		}
	}

	/**
	 * Serialize the actor's state as it is now.
	 * @param key the actor's key
	 * @param actor the instance
	 * @param state what the activation owns
	 * @param when what the registry is doing, for messages
	 * @return the state, to save now or later
	 * @throws StateSaveException if it cannot be serialized
	 */
	SerializedState serialize(Object key, PersistentActor<?> actor, PersistedState state, String when) {
		Object snapshot = null;
		try {
			snapshot = actor.snapshot();
			if (snapshot == null) {
				throw new IllegalStateException("snapshot() returned null");
			}
			return new SerializedState(snapshot.getClass().getName(), this.codec.encode(snapshot));
		}
		catch (RuntimeException ex) {
			this.listener.stateSaved(this.registry, key, state.revision, 0, ex);
			String type = (snapshot != null) ? "state " + snapshot.getClass().getName() + " of actor "
					: "state of actor ";
			throw failed(key, state, new StateSaveException(this.registry, key,
					when + ": its " + type + actor.getClass().getName() + " cannot be serialized", ex));
		}
	}

	/**
	 * Put an actor back into a state serialized earlier ({@link #serialize}): a refused
	 * durable send leaves the receiver as it was before the call.
	 * @param key the actor's key
	 * @param actor the instance
	 * @param state the state to restore
	 */
	void restore(Object key, PersistentActor<?> actor, SerializedState state) {
		restoreAs(actor, state);
	}

	private <S> void restoreAs(PersistentActor<S> actor, SerializedState state) {
		actor.restore(this.codec.decode(state.data(), actor.stateType()));
	}

	/**
	 * The final save of an actor that stops, before {@code onStop}.
	 * @param key the actor's key
	 * @param actor the instance
	 * @param state what the activation owns
	 * @param processed messages the activation has run so far
	 * @param reason why it stops
	 * @param running whether the registry runs, asked once a save failed: then the actor
	 * stays live and a later stop tries again
	 * @return null to go on stopping (saved, or given up on while draining); the failure
	 * if the actor must stay live instead
	 * @throws StateConflictException if another activation saved a newer revision
	 */
	@Nullable StateSaveException saveBeforeStop(Object key, PersistentActor<?> actor, PersistedState state, long processed,
			StopReason reason, BooleanSupplier running) {
		String when = "as it stops (" + reason + ")";
		StateSaveException unsaved = trySave(key, actor, state, processed, when);
		if (unsaved == null) {
			return null;
		}
		if (running.getAsBoolean()) {
			return unsaved;
		}
		// draining: no later stop can try again, so try again until the drain's deadline
		long deadline = this.retryDeadline;
		for (long backoff = 10_000_000L; unsaved != null
				&& deadline - System.nanoTime() > 0; backoff = Math.min(backoff * 2, 1_000_000_000L)) {
			LockSupport.parkNanos(Math.min(backoff, deadline - System.nanoTime()));
			unsaved = trySave(key, actor, state, processed, when);
		}
		if (unsaved != null) {
			this.statesLost.incrementAndGet();
			logger.log(Level.ERROR,
					"Registry '" + this.registry + "': the drain ran out of time saving the state of actor '"
							+ ActorRegistryException.keyText(key)
							+ "'; its changes since the last successful save are lost.",
					unsaved);
		}
		return null;
	}

	private @Nullable StateSaveException trySave(Object key, PersistentActor<?> actor, PersistedState state,
			long processed, String when) {
		try {
			save(key, actor, state, processed, when);
			return null;
		}
		catch (StateSaveException failure) {
			return failure;
		}
	}

	/**
	 * The drain stops every actor now: final saves that fail try again until
	 * {@code deadline}.
	 * @param deadline a {@link System#nanoTime()}
	 */
	void retryUntil(long deadline) {
		this.retryDeadline = deadline;
	}

	/**
	 * States a drain gave up saving.
	 * @return how many
	 */
	int statesLost() {
		return this.statesLost.get();
	}

	/** Log the first of a run of failures as a warning, the rest quietly. */
	private StateSaveException failed(Object key, PersistedState state, StateSaveException failure) {
		logger.log(state.failing ? Level.DEBUG : Level.WARNING, failure.getMessage(), failure.getCause());
		state.failing = true;
		return failure;
	}

}
