package dev.actorregistry.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import dev.actorregistry.ActorRegistryException;

/**
 * Something an actor set up that lives until it is cancelled or the actor's instance
 * ends: a timer or a topic subscription. It ends once; of several threads ending it at
 * once, one is told it did.
 * <p>
 * What it runs on the actor's turn may run as a turn of it ({@link #beginTurn}): taking
 * the turn and checking it has not ended are one step, so whoever ends it either comes
 * first, and no turn of it begins, or finds the turn under way and can wait for its end.
 */
abstract class Registration {

	/** It has ended: cancelled, or ended with its actor. Never cleared. */
	private static final int ENDED = 1;

	/** A turn of it runs. */
	private static final int TURN = 2;

	/** A thread waits on this object's monitor for the turn to end. */
	private static final int WAITED = 4;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(Registration.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** {@link #ENDED}, {@link #TURN} and {@link #WAITED}; zero while active and idle. */
	private volatile int state;

	/**
	 * Whether it has not ended yet.
	 * @return true until cancelled or ended with its actor
	 */
	public boolean isActive() {
		return (this.state & ENDED) == 0;
	}

	/**
	 * End it, and have its owner forget it.
	 * @return whether this call ended it
	 */
	public boolean cancel() {
		boolean ended = end();
		forget();
		return ended;
	}

	/**
	 * End it, without telling its owner: the owner is ending all of them. A turn of it
	 * under way runs to its end; none begins after this.
	 * @return whether this call ended it
	 */
	final boolean end() {
		if (((int) STATE.getAndBitwiseOr(this, ENDED) & ENDED) != 0) {
			return false;
		}
		ended();
		return true;
	}

	/**
	 * Begin a turn of it, if it has not ended: one step, so that no end comes between the
	 * check and the turn. Every turn begun must be ended by {@link #endTurn}.
	 * @param last whether the turn ends it too, as a single tick does
	 * @return whether the turn began; false if it has ended
	 */
	final boolean beginTurn(boolean last) {
		if (!STATE.compareAndSet(this, 0, last ? (TURN | ENDED) : TURN)) {
			return false;
		}
		if (last) {
			ended();
		}
		return true;
	}

	/** End the turn begun, and wake whoever waits for it. */
	final void endTurn() {
		int previous = (int) STATE.getAndBitwiseAnd(this, ENDED);
		if ((previous & WAITED) != 0) {
			synchronized (this) {
				notifyAll();
			}
		}
	}

	/**
	 * Whether a turn of it runs.
	 * @return true from {@link #beginTurn} to {@link #endTurn}
	 */
	final boolean inTurn() {
		return (this.state & TURN) != 0;
	}

	/**
	 * Once it has ended, wait for a turn of it under way on another thread to end, unless
	 * the turn is this thread's own: called from the actor's turn (a turn ending its own
	 * registration included), no turn of it can be running elsewhere.
	 * @param activation the actor it belongs to
	 * @param waitNanos the most to wait
	 * @param what what it is, for messages ("timer 't'")
	 * @param turn what a turn of it is called ("tick")
	 * @throws ActorRegistryException if the turn does not end in time, or the wait is
	 * interrupted; it has ended all the same, and no turn of it begins again
	 */
	final void awaitTurnEnd(Activation<?, ?> activation, long waitNanos, String what, String turn) {
		if (!inTurn() || activation.isOwnedByCurrentThread()) {
			return;
		}
		long now = System.nanoTime();
		long deadline = (now + waitNanos < now) ? Long.MAX_VALUE : now + waitNanos;
		String why;
		InterruptedException interrupted = null;
		try {
			if (awaitNoTurn(deadline)) {
				return;
			}
			why = "its " + turn + " under way did not end within " + TimeUnit.NANOSECONDS.toMillis(waitNanos)
					+ " ms of cancelling it (a " + turn + " that long holds up its actor: hand long work to another "
					+ "thread, or split it up)";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			interrupted = ex;
			why = "cancelling it was interrupted while waiting for its " + turn + " under way to end";
		}
		throw new ActorRegistryException(activation.registry().name(), activation.key(),
				what + " is cancelled and no " + turn + " of it starts again, but " + why,
				"That " + turn + " may still be running: do not count on it having ended", interrupted);
	}

	/**
	 * Block until no turn of it runs, or the deadline passes; only once it has ended, so
	 * no later turn can begin. Blocks through {@link ForkJoinPool#managedBlock} so a
	 * fork-join executor adds a thread rather than starving the actor whose turn is
	 * awaited. Never call it on the thread that runs the turn.
	 * @param deadline a {@link System#nanoTime()} deadline
	 * @return whether no turn runs
	 * @throws InterruptedException if interrupted while waiting
	 */
	final boolean awaitNoTurn(long deadline) throws InterruptedException {
		if (!inTurn()) {
			return true;
		}
		ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {

			@Override
			public boolean block() throws InterruptedException {
				// the monitor is taken only here and by a turn that ends with a waiter
				synchronized (Registration.this) {
					long remaining;
					while (watchTurn() && (remaining = deadline - System.nanoTime()) > 0) {
						TimeUnit.NANOSECONDS.timedWait(Registration.this, remaining);
					}
				}
				return true;
			}

			@Override
			public boolean isReleasable() {
				return !inTurn() || deadline - System.nanoTime() <= 0;
			}

		});
		return !inTurn();
	}

	/**
	 * Whether a turn runs, marked as waited for: under the monitor, so either the turn
	 * ends before the mark, or its end sees the mark and wakes the waiter.
	 */
	private boolean watchTurn() {
		int current;
		do {
			current = this.state;
			if ((current & TURN) == 0) {
				return false;
			}
		}
		while ((current & WAITED) == 0 && !STATE.weakCompareAndSet(this, current, current | WAITED));
		return true;
	}

	/**
	 * Undo what it holds beside its owner's record of it; once, by the call that ends it.
	 */
	void ended() {
	}

	/** Remove it from its owner's record. */
	abstract void forget();

}
