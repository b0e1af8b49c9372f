package dev.actorregistry.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRef;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ActorStartException;

/**
 * The phase word of one activation, its marks, and the waits for it to change: the
 * superclass of {@link Activation} that holds what {@link Mailbox} does for the queue,
 * one word with named bits and compare-and-set helpers, so an actor stays one object.
 * Which thread may move the phase, and when, is the activation's protocol (see
 * {@link Activation}); the helpers here only make each move atomic and wake whoever
 * watches it.
 * <p>
 * The word holds the phase, {@code STARTING → STARTED → TERMINATED}, in its low bits
 * ({@link #PHASE}) and the marks above. A change of phase takes no lock unless someone
 * watches ({@link #WATCHED}): then waiting threads are notified and the futures of
 * {@link #whenStarted} and {@link #whenTerminated} completed.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
abstract class Phases<K, A> extends Turns<K, A> implements ActorRef<K, A> {

	static final int STARTING = 0, STARTED = 1, TERMINATED = 2;

	static final int PHASE = 3;

	/**
	 * Set beside the phase by anyone about to wait for it to change, and kept: a change
	 * nobody watches, as most starts are, takes no lock and wakes nobody.
	 */
	static final int WATCHED = 4;

	/** The consumer is running the start: an expiry takes the mailbox over. */
	static final int CREATING = 8;

	/** Claimed for leaving the map: no successor attaches, no expiry begins. */
	static final int LEAVING = 16;

	/** It reached {@code STARTED} once: a termination is not a failed start. */
	static final int EVER_STARTED = 32;

	/** It is in the registry's map and counted as active. */
	static final int INSTALLED = 64;

	private static final VarHandle PHASE_WORD;

	static {
		try {
			PHASE_WORD = MethodHandles.lookup().findVarHandle(Phases.class, "phase", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** The phase, and {@link #WATCHED}. */
	private volatile int phase;

	/** Why the start failed, or why waiting messages are abandoned. */
	volatile @Nullable Throwable failure;

	/** Futures of callers waiting for a phase; created on demand, guarded by this. */
	private @Nullable Watchers watchers;

	/**
	 * @param start its start signal, or null if its creator runs the start at once
	 * @param phase {@link #STARTING}, with {@link #INSTALLED} if its creator put it in
	 * the registry's map already
	 */
	Phases(Dispatcher<K, A> dispatcher, K key, @Nullable Envelope start, int phase) {
		super(dispatcher, key, start);
		this.phase = phase;
	}

	// claims and marks

	/**
	 * Claim the activation for leaving the map, if the bits of {@code mask} are
	 * {@code expected}.
	 * @return the phase word before, or -1 if the bits differed
	 */
	final int claimLeaving(int mask, int expected) {
		int observed;
		do {
			observed = this.phase;
			if ((observed & mask) != expected) {
				return -1;
			}
		}
		while (!PHASE_WORD.weakCompareAndSet(this, observed, observed | LEAVING));
		return observed;
	}

	/** Mark it leaving the map: no successor attaches from now on. */
	final void markLeaving() {
		PHASE_WORD.getAndBitwiseOr(this, LEAVING);
	}

	/** It stays in the map after all: successors may attach again. */
	final void unmarkLeaving() {
		PHASE_WORD.getAndBitwiseAnd(this, ~LEAVING);
	}

	/** Mark it in the registry's map, counted as active. */
	final void markInstalled() {
		PHASE_WORD.getAndBitwiseOr(this, INSTALLED);
	}

	/**
	 * Whether it is starting, installed, and not claimed to leave: an expiry may begin.
	 */
	final boolean isExpirable() {
		return (this.phase & (PHASE | LEAVING | INSTALLED)) == (STARTING | INSTALLED);
	}

	/**
	 * Open the mailbox again, as its consumer with the stop signal taken, and take the
	 * futures of callers waiting for the termination that is not coming, waking the
	 * threads that wait for the phase.
	 * @return those futures, or null if nobody waits
	 */
	final @Nullable CompletableFuture<Void> reopenWatched() {
		synchronized (this) {
			reopen();
			CompletableFuture<Void> waiting = (this.watchers != null) ? this.watchers.takeTermination() : null;
			notifyAll();
			return waiting;
		}
	}

	// the phase, and waiting for it to change

	/**
	 * A successor that never started, because its predecessor stayed live after all and
	 * took its messages: its waiters get the live one.
	 */
	final void retire(ActorRef<K, A> live) {
		changePhase(TERMINATED);
		Watchers waiting;
		synchronized (this) {
			waiting = this.watchers;
		}
		if (waiting != null && waiting.started != null) {
			waiting.started.complete(live);
		}
	}

	/** Claim the start for the consumer, unless it expired first. */
	final boolean claimStart() {
		int observed;
		do {
			observed = this.phase;
			if ((observed & (PHASE | LEAVING)) != STARTING) {
				return false;
			}
		}
		while (!PHASE_WORD.weakCompareAndSet(this, observed, observed | CREATING));
		return true;
	}

	/**
	 * Move from {@code STARTING} to {@code next}, unless it expired first. Waiters are
	 * not woken yet.
	 * @return the phase word before, or -1 if it expired
	 */
	final int leaveStarting(int next) {
		int observed;
		do {
			observed = this.phase;
			if ((observed & (PHASE | LEAVING)) != STARTING) {
				return -1;
			}
		}
		while (!PHASE_WORD.weakCompareAndSet(this, observed, (observed & ~(PHASE | CREATING)) | next));
		return observed;
	}

	/**
	 * Whether it is claimed for leaving the map: a successor must not attach to it.
	 */
	final boolean isLeaving() {
		return (this.phase & LEAVING) != 0;
	}

	/** Whether it started once, even if it is gone now. */
	final boolean everStarted() {
		return (this.phase & EVER_STARTED) != 0;
	}

	/**
	 * Move to {@code next}, whatever the phase was, and wake whoever watches.
	 * @param next the phase: {@link #TERMINATED}, as a start moves on through
	 * {@link #leaveStarting}
	 */
	final void changePhase(int next) {
		int previous;
		do {
			previous = this.phase;
		}
		while (!PHASE_WORD.weakCompareAndSet(this, previous, (previous & ~(PHASE | CREATING)) | next));
		wake(previous, next);
	}

	/** Wake whoever waits for the phase to change from {@code previous}'s. */
	final void wake(int previous, int next) {
		if ((previous & WATCHED) == 0) {
			return;
		}
		Watchers waiting;
		synchronized (this) {
			notifyAll();
			waiting = this.watchers;
		}
		if (waiting != null) {
			waiting.phaseChanged(this, next);
		}
	}

	/**
	 * Say a thread is about to wait for the phase to change: before it reads the phase,
	 * so that either it reads the new phase, or the change sees the mark and wakes it.
	 */
	private void watch() {
		PHASE_WORD.getAndBitwiseOr(this, WATCHED);
	}

	final CompletableFuture<Void> whenTerminated() {
		watch();
		synchronized (this) {
			if (phase() == TERMINATED) {
				return CompletableFuture.completedFuture(null);
			}
			return watchers().termination();
		}
	}

	/**
	 * A future of the start: the ref once started, or the start's failure.
	 * @return the future
	 */
	final CompletableFuture<ActorRef<K, A>> whenStarted() {
		watch();
		synchronized (this) {
			int observed = this.phase;
			if ((observed & EVER_STARTED) != 0) {
				return CompletableFuture.completedFuture(this);
			}
			if ((observed & PHASE) == TERMINATED) {
				return CompletableFuture.failedFuture(startFailure());
			}
			return watchers().started();
		}
	}

	/**
	 * Why a terminated activation that never started did not.
	 * @return the failure, as callers waiting for the start see it
	 */
	final ActorRegistryException startFailure() {
		Throwable cause = this.failure;
		if (cause instanceof ActorRegistryException registryFailure) {
			return registryFailure;
		}
		String problem = (cause != null) ? "its start failed with " + cause.getClass().getName() : "its start failed";
		return new ActorStartException(this.dispatcher.name, this.key, problem, cause);
	}

	private Watchers watchers() {
		if (this.watchers == null) {
			this.watchers = new Watchers();
		}
		return this.watchers;
	}

	/**
	 * Block until the phase is no longer {@code from}, or the deadline passes. For
	 * {@code STARTED}: until a stopping activation terminated, or stays live after all.
	 * Blocks through {@link ForkJoinPool#managedBlock} so a fork-join executor adds a
	 * thread rather than starving the actor being waited for.
	 * @param from the phase to leave
	 * @param deadline a {@link System#nanoTime()} deadline
	 * @return whether the phase changed
	 * @throws InterruptedException if interrupted while waiting
	 */
	final boolean awaitLeaving(int from, long deadline) throws InterruptedException {
		if (!isIn(from)) {
			return true;
		}
		watch();
		ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {

			@Override
			public boolean block() throws InterruptedException {
				synchronized (Phases.this) {
					long remaining;
					while (isIn(from) && (remaining = deadline - System.nanoTime()) > 0) {
						long millis = Math.max(1, remaining / 1_000_000);
						Phases.this.wait(millis);
					}
				}
				return true;
			}

			@Override
			public boolean isReleasable() {
				return !isIn(from) || deadline - System.nanoTime() <= 0;
			}

		});
		return !isIn(from);
	}

	/**
	 * Whether the activation is still in a phase: {@code STARTED} means stopping here, so
	 * an activation that stays live after all is no longer in it.
	 */
	private boolean isIn(int phase) {
		return phase() == phase && (phase != STARTED || isClosed());
	}

	final int phase() {
		return this.phase & PHASE;
	}

	final @Nullable Throwable failure() {
		return this.failure;
	}

	/** Installed in the registry's map. */
	final boolean isInstalled() {
		return (this.phase & INSTALLED) != 0;
	}

	/**
	 * The futures of callers waiting for a phase, created on demand: most activations are
	 * never watched.
	 */
	private static final class Watchers {

		@Nullable CompletableFuture<ActorRef<?, ?>> started;

		@Nullable CompletableFuture<Void> termination;

		@SuppressWarnings({ "unchecked", "rawtypes" })
		<K, A> CompletableFuture<ActorRef<K, A>> started() {
			if (this.started == null) {
				this.started = new CompletableFuture<>();
			}
			return (CompletableFuture) this.started;
		}

		CompletableFuture<Void> termination() {
			if (this.termination == null) {
				this.termination = new CompletableFuture<>();
			}
			return this.termination;
		}

		@Nullable CompletableFuture<Void> takeTermination() {
			CompletableFuture<Void> taken = this.termination;
			this.termination = null;
			return taken;
		}

		void phaseChanged(Phases<?, ?> activation, int next) {
			CompletableFuture<ActorRef<?, ?>> start;
			CompletableFuture<Void> end;
			synchronized (activation) {
				start = this.started;
				end = this.termination;
			}
			if (start != null) {
				if (activation.everStarted()) {
					start.complete(activation);
				}
				else if (next == TERMINATED && activation.failure() != null) {
					start.completeExceptionally(activation.startFailure());
				}
			}
			if (next == TERMINATED && end != null) {
				end.complete(null);
			}
		}

	}

}
