package dev.actorregistry.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorDeadlockException;
import dev.actorregistry.AskTimeoutException;

/**
 * The future an ask returns, with the ask's deadline.
 * <p>
 * The deadline costs nothing while nobody waits: it counts from when a caller first
 * waits, which for a caller that waits at once is when it sent the message. A caller that
 * blocks ({@code join}, {@code get}) waits at most until it, and the first dependent
 * stage arms one timer for it. When it passes, the reply fails with an
 * {@link AskTimeoutException}, and the message does not run if it had not started. A turn
 * that would block on a reply that cannot come, because the actor it waits for waits for
 * it in turn, fails at once with an {@link ActorDeadlockException} instead.
 * <p>
 * A caller about to block whose message is the next one of an idle actor runs it on its
 * own thread instead ({@link Turns#runForCaller}): no thread to wake on either side. If
 * that message outlives the ask's deadline, the reply fails with the timeout, as it would
 * have for a caller waiting elsewhere.
 * <p>
 * A caller that blocks otherwise may spin for a few microseconds before it parks, as the
 * JDK's own hand-off queues do: a reply to a short message usually comes sooner than a
 * parked thread can be woken, and a reply that finds nobody parked saves the actor's
 * thread the wake-up too. {@link ReplySpin} bounds who spins: not virtual threads, not on
 * a single core, and not more callers at once than there are spare cores.
 * <p>
 * A reply to an ask sent from an async turn ({@link AsyncTurn}) carries the turn in its
 * {@link Routing}: completed on another thread, it is handed to that turn and completes
 * there, so the stages chained on it run as the asking actor. If the turn's own thread
 * blocks on it, it completes directly instead, since that thread is the one the turn
 * would wait for.
 *
 * @param <T> the reply's type
 */
final class Reply<T> extends CompletableFuture<T> {

	/** Marks a timer being armed, so that only one is. */
	private static final Object ARMING = new Object();

	private final long timeoutNanos;

	/**
	 * When the caller's wait ends, by {@link System#nanoTime()} (real time, which a test
	 * clock standing still cannot stop): set when someone first waits, so that an ask
	 * nobody waits on reads no clock. Zero until then.
	 */
	private volatile long deadline;

	/**
	 * The activation that accepted the message; set before the ask returns its future, so
	 * whoever gets the future sees it.
	 */
	@Nullable Activation<?, ?> target;

	/** Null, {@link #ARMING}, or the armed timer. */
	private volatile @Nullable Object timer;

	/**
	 * Whether the caller runs the message itself ({@link Turns#runForCaller}): its
	 * deadline is then checked as the reply completes, since the caller cannot stop
	 * waiting while it runs the message. Written and read on the caller's thread only.
	 */
	private boolean onCaller;

	/**
	 * Whether its sender waits for it at once on the sending thread, so that the run its
	 * message makes due may be held for that thread ({@link Turns#holdForCaller}).
	 */
	private boolean callerWillWait;

	/**
	 * Whether the run its message made due is held for the caller: the caller's wait then
	 * claims it, or hands it to the executor. Written and read on the caller's thread
	 * only.
	 */
	private boolean held;

	/**
	 * What the ask carries for async turns and call chains; null for most asks. Set
	 * before the ask is offered.
	 */
	final @Nullable Routing routing;

	/**
	 * A reply to an ask sent from the current thread: within an async turn's call chain,
	 * it carries the chain.
	 * @param timeoutNanos the ask's timeout
	 */
	Reply(long timeoutNanos) {
		this(timeoutNanos, Routing.forSend(false, Interleaving.NONE));
	}

	/**
	 * @param timeoutNanos the ask's timeout
	 * @param routing what it carries for async turns and call chains, or null
	 */
	Reply(long timeoutNanos, @Nullable Routing routing) {
		this.timeoutNanos = timeoutNanos;
		this.routing = routing;
	}

	long timeoutNanos() {
		return this.timeoutNanos;
	}

	/**
	 * The async turn of this ask's message began: from now on the turn's deadline, which
	 * is this reply's, ends it (with a {@link dev.actorregistry.TurnTimeoutException}),
	 * rather than the reply's own timer.
	 * @return the deadline, a {@link System#nanoTime()}, or {@code Long.MAX_VALUE}
	 */
	long turnBegan() {
		Routing carried = this.routing;
		if (carried != null) {
			carried.turnBegan = true;
		}
		return deadline();
	}

	/**
	 * The deadline, fixed by the first caller to wait.
	 * @return a {@link System#nanoTime()}, or {@code Long.MAX_VALUE} for none
	 */
	private long deadline() {
		long fixed = this.deadline;
		if (fixed != 0) {
			return fixed;
		}
		long now = System.nanoTime();
		long deadline = now + this.timeoutNanos;
		fixed = (deadline < now || deadline == 0) ? Long.MAX_VALUE : deadline;
		this.deadline = fixed;
		return fixed;
	}

	@Override
	public T join() {
		try {
			block(this::awaitUninterruptibly, Long.MAX_VALUE);
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException("an uninterruptible wait without a caller's timeout threw", ex);
		}
		return super.join();
	}

	@Override
	public T get() throws InterruptedException, ExecutionException {
		try {
			block(() -> awaitFor(Long.MAX_VALUE), Long.MAX_VALUE);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("no caller's timeout was given", ex);
		}
		return super.get();
	}

	@Override
	public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		if (!isDone()) {
			long now = System.nanoTime();
			long deadline = now + unit.toNanos(timeout);
			long callersDeadline = (deadline < now) ? Long.MAX_VALUE : deadline;
			block(() -> awaitFor(callersDeadline), callersDeadline);
		}
		return super.get();
	}

	/** How a blocked caller parks once it no longer spins. */
	@FunctionalInterface
	private interface Park {

		void park() throws InterruptedException, TimeoutException;

	}

	/**
	 * Wait until the reply is done: run the message on this thread if the actor is idle
	 * ({@link Turns#runForCaller}); else spin first if {@link ReplySpin} lets this
	 * caller, then park.
	 * @param callersDeadline the caller's own deadline, a {@link System#nanoTime()}, or
	 * {@code Long.MAX_VALUE} for none
	 * @throws TimeoutException if the caller's deadline passed while it ran the message
	 */
	private void block(Park park, long callersDeadline) throws InterruptedException, TimeoutException {
		Routing carried = this.routing;
		if (carried != null) {
			awaitInTurn(carried);
		}
		boolean held = this.held;
		this.held = false;
		Activation<?, ?> activation = this.target;
		if (isDone()) {
			if (held && activation != null) {
				// nobody else would run what follows in the mailbox
				activation.scheduleHeld();
			}
			return;
		}
		if (activation != null) {
			// fixed before the message runs: it counts from when the caller began to wait
			deadline();
			if (!activation.runForCaller(this)) {
				if (held) {
					activation.scheduleHeld();
				}
			}
			else {
				if (callersDeadline != Long.MAX_VALUE && System.nanoTime() - callersDeadline > 0) {
					// as if it had waited: its wait would have ended before the reply
					// came
					throw new TimeoutException();
				}
				if (isDone()) {
					return;
				}
			}
		}
		boolean maySpin = ReplySpin.startWaiting();
		try {
			if (maySpin) {
				ReplySpin.spinUntil(this::isDone);
			}
			if (!isDone()) {
				park.park();
			}
		}
		finally {
			ReplySpin.stopWaiting();
		}
	}

	private void awaitFor(long callersDeadline) throws InterruptedException, TimeoutException {
		Activation<?, ?> waiting = startWaiting();
		try {
			awaitDeadline(callersDeadline);
		}
		finally {
			stopWaiting(waiting);
		}
	}

	/** Stages built on a reply are plain futures; building one arms the deadline. */
	@Override
	public <U> CompletableFuture<U> newIncompleteFuture() {
		armTimer();
		return new CompletableFuture<>();
	}

	// The timer goes before the outcome is published: the completing thread is an
	// actor's,
	// and its caller, once woken, should find the actor done with the message.

	@Override
	public boolean complete(T value) {
		Routing carried = this.routing;
		if (carried != null && handOver(carried, value, null)) {
			return true;
		}
		return completeNow(value);
	}

	private boolean completeNow(@Nullable T value) {
		disarmTimer();
		if (this.onCaller && isPast(this.deadline) && !asyncTurnBegan()) {
			// A caller waiting elsewhere would have timed out by now and not seen this
			// value: neither does the caller that ran the message.
			timeOut();
			return false;
		}
		return super.complete(value);
	}

	/** Its sender will wait for it at once, on the sending thread. */
	void willBeAwaitedBySender() {
		this.callerWillWait = true;
	}

	boolean callerWillWait() {
		return this.callerWillWait;
	}

	/**
	 * The run its message made due is held for the caller ({@link Turns#holdForCaller}).
	 */
	void runHeld() {
		this.held = true;
	}

	/**
	 * The caller is about to run the message on its own thread.
	 */
	void runningOnCaller() {
		this.onCaller = true;
	}

	private static boolean isPast(long deadline) {
		return deadline != Long.MAX_VALUE && deadline != 0 && System.nanoTime() - deadline > 0;
	}

	@Override
	public boolean completeExceptionally(Throwable ex) {
		Routing carried = this.routing;
		if (carried != null && handOver(carried, null, ex)) {
			return true;
		}
		disarmTimer();
		return super.completeExceptionally(ex);
	}

	/**
	 * If the ask was sent from an async turn and this thread does not run that actor,
	 * hand the outcome to the turn, so that what is chained on the reply runs there; or,
	 * if the turn's own thread blocks on this reply, complete it here.
	 * @return whether it was handed over (or completed here for the blocked turn)
	 */
	private boolean handOver(Routing carried, @Nullable Object value, @Nullable Throwable failure) {
		AsyncTurn into = carried.resumeIn();
		if (into == null || isDone() || Turns.running() == into.actor) {
			return false;
		}
		Resumption resumption = new Resumption(this, value, failure);
		carried.resumption = resumption;
		// paired with awaitInTurn: one of the two sees the other's write
		if (carried.awaitedInTurn) {
			resumption.run();
		}
		else {
			into.resume(resumption);
		}
		return true;
	}

	/**
	 * The turn's own thread is about to block on this reply: from now on it completes
	 * directly, and if it was handed over already, it completes here.
	 */
	private void awaitInTurn(Routing carried) {
		AsyncTurn into = carried.resumeIn();
		if (into != null && Turns.running() == into.actor) {
			carried.awaitedInTurn = true;
			Resumption handed = carried.resumption;
			if (handed != null) {
				handed.run();
			}
		}
	}

	/**
	 * Complete the reply on the current thread, which runs the turn it was handed to.
	 * @param value its value, if it succeeded
	 * @param failure its failure, or null
	 */
	@SuppressWarnings("unchecked")
	void completeHere(@Nullable Object value, @Nullable Throwable failure) {
		if (failure != null) {
			disarmTimer();
			super.completeExceptionally(failure);
		}
		else {
			completeNow((T) value);
		}
	}

	/**
	 * Fail the reply with its timeout, unless it completed first.
	 */
	/**
	 * Whether this is the reply of an async turn that began: its deadline ends the turn.
	 */
	private boolean asyncTurnBegan() {
		Routing carried = this.routing;
		return carried != null && carried.turnBegan;
	}

	void timeOut() {
		if (isDone() || asyncTurnBegan()) {
			// an async turn that began ends at its own deadline, the same
			return;
		}
		Activation<?, ?> activation = this.target;
		String registry = (activation != null) ? activation.registry().name() : "?";
		Object key = (activation != null) ? activation.key() : "?";
		completeExceptionally(new AskTimeoutException(registry, key, Duration.ofNanos(this.timeoutNanos)));
	}

	private void awaitUninterruptibly() {
		Activation<?, ?> waiting = startWaiting();
		boolean interrupted = false;
		try {
			for (;;) {
				try {
					awaitDeadline(Long.MAX_VALUE);
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (TimeoutException ex) {
					throw new IllegalStateException("no caller's timeout was given", ex);
				}
			}
		}
		finally {
			stopWaiting(waiting);
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Wait until the reply completes, the ask's deadline passes (the reply then times
	 * out), or the caller's own deadline passes.
	 * @param callersDeadline a {@link System#nanoTime()}, or {@code Long.MAX_VALUE}
	 * @throws TimeoutException if the caller's deadline passed first
	 */
	private void awaitDeadline(long callersDeadline) throws InterruptedException, TimeoutException {
		long deadline = deadline();
		boolean asksFirst = deadline - callersDeadline <= 0;
		long until = asksFirst ? deadline : callersDeadline;
		long remaining = until - System.nanoTime();
		try {
			if (remaining > 0) {
				super.get(remaining, TimeUnit.NANOSECONDS);
				return;
			}
		}
		catch (ExecutionException | CancellationException ex) {
			return; // completed: the caller reads the outcome
		}
		catch (TimeoutException ex) {
			// the deadline passed: below
		}
		if (!asksFirst) {
			throw new TimeoutException();
		}
		timeOut();
	}

	/**
	 * Note that the current thread, if it runs an actor's turn, waits for the actor this
	 * reply comes from; if that would wait forever, fail the reply at once. A
	 * write-through actor first saves and answers the replies its group holds, so that
	 * none of them waits for this wait to end.
	 * @return the actor the current thread runs, to pass to {@link #stopWaiting}
	 */
	private @Nullable Activation<?, ?> startWaiting() {
		Activation<?, ?> waiter = Activation.current();
		if (waiter == null) {
			return null;
		}
		waiter.commitBeforeBlocking();
		if (this.target == null) {
			return null;
		}
		List<Activation<?, ?>> cycle = WaitGraph.startWaiting(waiter, this);
		if (cycle != null) {
			completeExceptionally(new ActorDeadlockException(waiter.registry().name(), waiter.key(),
					cycle.stream().map(Activation::address).toList()));
			return null;
		}
		return waiter;
	}

	private static void stopWaiting(@Nullable Activation<?, ?> waiter) {
		if (waiter != null) {
			WaitGraph.stopWaiting(waiter);
		}
	}

	private void armTimer() {
		if (this.timer != null || isDone() || deadline() == Long.MAX_VALUE) {
			return;
		}
		synchronized (this) {
			if (this.timer != null) {
				return;
			}
			this.timer = ARMING;
		}
		long remaining = Math.max(0, deadline() - System.nanoTime());
		this.timer = SharedThreads.scheduler().schedule(this::timeOut, remaining, TimeUnit.NANOSECONDS);
		if (isDone()) {
			disarmTimer();
		}
	}

	private void disarmTimer() {
		if (this.timer instanceof Future<?> armed) {
			// the shared scheduler removes a cancelled task at once
			armed.cancel(false);
		}
	}

}
