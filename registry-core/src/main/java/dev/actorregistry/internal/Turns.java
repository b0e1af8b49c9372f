package dev.actorregistry.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.CallChainDeadlockException;
import dev.actorregistry.ContextPropagator;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.StopReason;
import dev.actorregistry.TurnTimeoutException;
import dev.actorregistry.persistence.SerializedState;

/**
 * The consumer side of one activation's mailbox, its turn loop: scheduled on the executor
 * when an offer finds the mailbox idle, it takes messages one at a time and runs each
 * against the actor, with its timing, its sender's context and, for write-through, its
 * save. It is the superclass of {@link Activation}, as {@link Mailbox} is its own, so an
 * actor stays one object; what a signal in the mailbox means (start, stop, snapshot) and
 * what a failure does are the activation's, through the abstract methods here.
 * <p>
 * One thread at a time runs the loop: the one whose offer raised the mailbox's count from
 * zero schedules it, and a run ends only when it brought the count back to zero or
 * scheduled the next run itself. While it runs a turn it is the {@link #owner}.
 * <p>
 * With write-through, each step of a run is a group commit: the messages it ran are saved
 * once, at the end of the step, and their replies complete after that save
 * ({@link CommitGroup}); a message about to block on an ask first saves the state as of
 * the end of the previous message and answers the replies that covers
 * ({@link #commitBeforeBlocking}). See the protocol overview on {@link Activation}.
 * <p>
 * An async turn (a message whose function returns a stage, {@link AsyncTurn}) ends the
 * run while its stage is incomplete, with its message still counted: no other run starts,
 * and no thread is held. What must run in the actor meanwhile (the replies to its asks,
 * the messages allowed to interleave) runs one at a time in the turn
 * ({@link #runSuspended}), and the turn's end goes on with the mailbox on the thread that
 * ran it.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
abstract class Turns<K, A> extends Mailbox implements Runnable {

	/**
	 * The activation whose turn the current thread runs, for {@link WaitGraph}, on
	 * threads other than the shared pool's (which keep it in a field).
	 */
	private static final ThreadLocal<Turns<?, ?>> CURRENT = new ThreadLocal<>();

	/** Messages run before giving the thread back to the executor, for fairness. */
	private static final int TURNS_PER_RUN = 64;

	/**
	 * What {@link #deliver} returns for a message that began an async turn and suspended.
	 */
	private static final int SUSPENDED = -1;

	/** What {@link #reroute} returns when the message goes to the mailbox after all. */
	static final int NOT_REROUTED = -1;

	private static final System.Logger logger = System.getLogger(Turns.class.getName());

	private static final VarHandle PROCESSED;

	private static final VarHandle RUN_PENDING;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			PROCESSED = lookup.findVarHandle(Turns.class, "processed", long.class);
			RUN_PENDING = lookup.findVarHandle(Turns.class, "runPending", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** The runtime it shares with the other activations of its registry. */
	final Dispatcher<K, A> dispatcher;

	final K key;

	volatile @Nullable A actor;

	/**
	 * The thread starting this activation or running its turn, to refuse waits that would
	 * wait for themselves. Only that thread writes itself here, so reading its own thread
	 * back is reliable without a fence.
	 */
	@Nullable Thread owner;

	volatile long lastActiveAt;

	/** Written by the consumer only, read by monitors: opaque access suffices. */
	long processed;

	/**
	 * Set when a run is handed to the executor, cleared by whichever thread claims it:
	 * the executor's task, or a caller about to block on a reply ({@link #runForCaller}).
	 * The mailbox's protocol hands over at most one run at a time, so one claim per
	 * hand-over makes the claimer the only consumer; a task that finds the run claimed
	 * does nothing. A task left over that way may claim a later hand-over instead of that
	 * one's own task: either runs it.
	 */
	private volatile boolean runPending;

	/**
	 * With write-through, the group of messages waiting for their save, made on the first
	 * message run and kept for later runs, empty between them; null without
	 * write-through. Only the consumer touches it; a run that follows on another thread
	 * sees it through the mailbox's count, as it sees the actor.
	 */
	private @Nullable CommitGroup commitGroup;

	/**
	 * The async turn the actor is in, from the start of its message to its end; null
	 * otherwise. Read by the senders of messages that may interleave with it.
	 */
	volatile @Nullable AsyncTurn asyncTurn;

	/**
	 * The call chain the message running now came within, while it runs; else null. Only
	 * the thread running the turn touches it.
	 */
	@Nullable CallChain incoming;

	/**
	 * @param start its start signal, or null if its creator runs the start at once
	 */
	Turns(Dispatcher<K, A> dispatcher, K key, @Nullable Envelope start) {
		super(start);
		this.dispatcher = dispatcher;
		this.key = key;
	}

	/**
	 * The activation whose turn the current thread runs.
	 * @return it, or null outside any turn
	 */
	static @Nullable Turns<?, ?> running() {
		return (Thread.currentThread() instanceof SharedThreads.TurnWorker worker) ? worker.turn : CURRENT.get();
	}

	// what the activation makes of its signals and failures

	/**
	 * Run the start, as the consumer, its signal taken.
	 * @return whether it started; if not, the consumer must touch nothing more
	 */
	abstract boolean startIn(Envelope signal, Thread current);

	/** Stop, as the consumer, the stop signal taken and every message before it run. */
	abstract void terminate(StopReason reason, Thread current);

	/** Save the actor's state on a periodic snapshot's turn. */
	abstract void snapshot();

	/**
	 * Save after a group of messages, for write-through.
	 * @param checkpoint the state to save, captured before the last message (for a
	 * restart, or before the message running now blocks on an ask); null for the state as
	 * it is now
	 * @return null if saved, unchanged or not persistent, else why not
	 */
	abstract @Nullable ActorRegistryException saveAfterMessages(@Nullable SerializedState checkpoint);

	/**
	 * Capture the actor's state as it is now, to save it later.
	 * @return it, or null if the actor is not persistent or its state cannot be
	 * serialized
	 */
	abstract @Nullable SerializedState checkpoint();

	/** Fail a message unrun: the waiting messages are abandoned. */
	abstract void abandon(Envelope message);

	/** Apply the failure policy to a message that threw. */
	abstract void failed(Envelope message, Throwable thrown);

	/** The executor refused to run this activation: nobody ever will. */
	abstract void executorRefused(RejectedExecutionException refusal);

	/**
	 * Count a message that threw while it ran interleaved with an async turn: the failure
	 * policy does not act on it, for the suspended turn holds the instance.
	 */
	abstract void failedInterleaved(Envelope message, Throwable thrown);

	/**
	 * Queue, as a message the actor sent itself, the hand-over of a reply to an async
	 * turn that has ended, so that what is chained on the reply still runs in the actor.
	 * @return whether it was queued; false if the actor is stopping
	 */
	abstract boolean offerResumption(Resumption resumption);

	// running turns

	final void schedule() {
		// set before the task can run, and after everything the scheduling thread wrote:
		// whoever claims the run sees that
		this.runPending = true;
		try {
			this.dispatcher.executor.execute(this);
		}
		catch (RejectedExecutionException ex) {
			executorRefused(ex);
		}
	}

	/**
	 * Run what the mailbox holds, unless a caller blocked on a reply claimed the run
	 * first and ran it on its own thread.
	 */
	@Override
	public final void run() {
		if (!claimRun()) {
			return;
		}
		Turns<?, ?> outer = enterTurn();
		try {
			runTurns(TURNS_PER_RUN, false);
		}
		finally {
			leaveTurn(outer);
		}
	}

	/** Claim the run handed to the executor: true for one claimer per hand-over. */
	private boolean claimRun() {
		return this.runPending && RUN_PENDING.compareAndSet(this, true, false);
	}

	/**
	 * The calling thread is about to block on {@code reply}: if the reply's message is
	 * the next one and its run was handed to the executor but not begun, run that message
	 * here instead, as an ordinary turn, and hand whatever follows it back to the
	 * executor. The caller is not parked and woken again, and the reply does not wait for
	 * an executor's thread to wake (one woken for the task finds nothing to do); it runs
	 * nothing it would not have waited for anyway: only its own message.
	 * <p>
	 * Not on a thread that runs a turn already (its waits go through the wait graph), not
	 * while the actor starts or stops, nor once the registry drains, and only on a
	 * registry whose executor is its own pool ({@link Dispatcher#callerMayRun}), nor on
	 * an interrupted thread, nor where the registry's own condition says no (a thread
	 * that holds a transaction, say: the message would join it). Any other caller,
	 * platform or virtual thread, may.
	 * @param reply the reply the caller is about to wait for
	 * @return whether its message ran here, its reply complete then; false if nothing ran
	 */
	final boolean runForCaller(Reply<?> reply) {
		if (!this.runPending || !callerMayRun()) {
			return false;
		}
		// Nobody consumes while the run is pending, so the head read here stays the head
		// until the run is claimed.
		Envelope first = first();
		if (first == null || !first.repliesTo(reply) || !claimRun()) {
			return false;
		}
		if (first() != first) {
			// Between the two reads another thread claimed a run, ran this message, and a
			// later run was handed over: the one claimed here. Hand it back.
			schedule();
			return false;
		}
		reply.runningOnCaller();
		Turns<?, ?> outer = enterTurn();
		try {
			runTurns(1, true);
		}
		finally {
			leaveTurn(outer);
		}
		return true;
	}

	/**
	 * Whether the calling thread may run a turn of this actor ({@link #runForCaller}).
	 */
	private boolean callerMayRun() {
		Dispatcher<K, A> dispatcher = this.dispatcher;
		// an interrupted caller would pass its interrupt to the actor's message
		return dispatcher.callerMayRun && (state() & (CLOSED | ABANDONED | STARTING)) == 0 && running() == null
				&& dispatcher.isRunning() && !Thread.currentThread().isInterrupted()
				&& dispatcher.callerRuns.getAsBoolean();
	}

	/**
	 * Hand the run that {@code message} made due to its sender rather than to the
	 * executor, if the sender is about to wait for its reply and may run the turn
	 * ({@link Reply#callerWillWait}): no executor's thread is woken for it. The sender's
	 * wait then claims it ({@link #runForCaller}), or hands it to the executor after all
	 * ({@link #scheduleHeld}); a task of the executor left from an earlier run may claim
	 * it first, and run it.
	 * @param message the message just accepted into an empty mailbox
	 * @return whether the run is held for the sender; if not, the caller schedules it
	 */
	final boolean holdForCaller(Envelope message) {
		Reply<?> reply = message.waitingReply();
		if (reply == null || !callerMayRun()) {
			return false;
		}
		this.runPending = true;
		reply.runHeld();
		return true;
	}

	/**
	 * A run held for a caller that does not run it: to the executor, unless another
	 * thread claimed it already.
	 */
	final void scheduleHeld() {
		if (claimRun()) {
			schedule();
		}
	}

	/**
	 * Mark the current thread as running this activation's turn, for {@link WaitGraph}.
	 * @return the activation it ran a turn of before, to give back to {@link #leaveTurn}
	 */
	final @Nullable Turns<?, ?> enterTurn() {
		if (Thread.currentThread() instanceof SharedThreads.TurnWorker worker) {
			Turns<?, ?> outer = worker.turn;
			worker.turn = this;
			return outer;
		}
		Turns<?, ?> outer = CURRENT.get();
		CURRENT.set(this);
		return outer;
	}

	static void leaveTurn(@Nullable Turns<?, ?> outer) {
		if (Thread.currentThread() instanceof SharedThreads.TurnWorker worker) {
			worker.turn = outer;
		}
		else {
			CURRENT.set(outer);
		}
	}

	/**
	 * Consume the mailbox, as its only consumer.
	 * @param allowed messages to run before the thread goes back to the executor, or
	 * before a caller goes back to waiting for its reply
	 * @param forCaller whether a caller runs it ({@link #runForCaller}): then what is
	 * left once {@code allowed} ran goes to the executor, even an abandoned actor's stop
	 */
	private void runTurns(int allowed, boolean forCaller) {
		Thread current = Thread.currentThread();
		boolean writeThrough = this.dispatcher.writeThrough;
		// An unbounded mailbox takes the messages run off its count in one step per few
		// messages, not one per message: the count's word is the one producers contend
		// on. A bounded mailbox takes each off at once, so its capacity counts exactly;
		// with write-through, a step is a group commit, and a message holds its place in
		// the mailbox until its group's save.
		int batch = (this.dispatcher.capacity == 0 || writeThrough) ? TURNS_PER_RUN : 1;
		// with write-through, the messages of the current step, waiting for its save
		CommitGroup group = null;
		int finished = 0;
		int delivered = 0;
		// Tells run but not yet counted as processed. Like the owner, written once a
		// step, not once a message: every write to this object takes its cache line
		// away from the producers, who write the mailbox's words beside it.
		int uncounted = 0;
		this.owner = current;
		// One read of the state word per message, taken after it ran, serves as the
		// reading before the next: the producers write that word, and each read of it
		// waits for their latest write.
		long observed = state();
		for (int turns = allowed;;) {
			Envelope message = take();
			if (message.isStop()) {
				countProcessed(uncounted);
				uncounted = 0;
				// the stop saves and stops the actor: what it ran is answered first
				commit(group);
				observed = state();
				if ((observed & COUNT) - finished > 1) {
					// A message counted before the mailbox closed was linked behind the
					// stop signal: put the signal back behind it, so it runs (or is
					// abandoned) first.
					requeue(message);
					if (--turns <= 0) {
						this.owner = null;
						finished(finished);
						this.dispatcher.ranWhileDraining(delivered);
						schedule();
						return;
					}
					continue;
				}
				if (finished > 0) {
					finished(finished);
				}
				this.dispatcher.ranWhileDraining(delivered);
				terminate(message.stopReason(), current);
				return;
			}
			long before = observed;
			if (message.isStart()) {
				commit(group);
				if (!startIn(message, current)) {
					return;
				}
				this.owner = null;
				observed = startFinished();
				if ((observed & COUNT) == 0) {
					this.dispatcher.mailboxEmptied();
					return;
				}
				this.owner = current;
				turns--;
				continue;
			}
			if (message.isSnapshot()) {
				countProcessed(uncounted);
				uncounted = 0;
				commit(group);
				if ((before & ABANDONED) == 0) {
					snapshot();
				}
			}
			else if ((before & ABANDONED) != 0) {
				abandon(message);
			}
			else if (message.isExpired()) {
				// its caller no longer waits: its deadline passed before it could run
			}
			else {
				if (writeThrough && group == null) {
					group = commitGroup();
				}
				// the mailbox is likely to be empty after this one: idle time counts from
				// its end
				uncounted = deliver(message, (before & COUNT) - finished == 1, uncounted, group);
				if (uncounted == SUSPENDED) {
					// Its message stays counted, so no run starts until the turn
					// ends: the turn goes on without this thread.
					this.owner = null;
					if (finished > 0) {
						finished(finished);
					}
					this.dispatcher.ranWhileDraining(delivered);
					Objects.requireNonNull(this.asyncTurn).suspended();
					return;
				}
				delivered++;
			}
			finished++;
			turns--;
			long after = state();
			observed = after;
			if (finished == batch || turns <= 0 || (after & COUNT) == finished) {
				countProcessed(uncounted);
				uncounted = 0;
				// A step ends the group: saved and answered before the count can reach
				// zero, or the run reschedules itself, so that no other run sees the
				// actor while a change of it is neither saved nor answered.
				commit(group);
				// cleared before the count can reach zero: the next run may start at
				// once, on another thread
				this.owner = null;
				after = finished(finished);
				observed = after;
				finished = 0;
				if ((after & COUNT) == 0) {
					this.dispatcher.ranWhileDraining(delivered);
					this.dispatcher.mailboxEmptied();
					return;
				}
				if (turns <= 0 && ((after & ABANDONED) == 0 || forCaller)) {
					this.dispatcher.ranWhileDraining(delivered);
					schedule();
					return;
				}
				this.owner = current;
			}
		}
	}

	private CommitGroup commitGroup() {
		CommitGroup group = this.commitGroup;
		if (group == null) {
			group = new CommitGroup(this.dispatcher.failurePolicy == FailurePolicy.RESTART);
			this.commitGroup = group;
		}
		return group;
	}

	/**
	 * The current thread, running this activation's turn, is about to block on an ask.
	 * With write-through, if the group holds replies, save the state as it was at the end
	 * of the previous message, captured before the current one began, and complete the
	 * replies it covers (or fail them with the save's failure), so that an actor waiting
	 * for one of them is answered rather than closing a cycle of waits with this turn.
	 * The current message's own changes wait for the next save. Does nothing otherwise.
	 */
	final void commitBeforeBlocking() {
		CommitGroup group = this.commitGroup;
		if (group == null || this.owner != Thread.currentThread()) {
			return;
		}
		SerializedState boundary = group.boundary();
		if (boundary != null) {
			// counted before the replies complete, as at the end of a step
			countProcessed(group.takeUncounted());
			group.saved(saveAfterMessages(boundary));
		}
	}

	private void countProcessed(int messages) {
		if (messages > 0) {
			PROCESSED.setOpaque(this, this.processed + messages);
		}
	}

	/**
	 * Save the changes of a write-through group once, if it has any, and complete its
	 * replies after the save; the caller counted its messages as processed.
	 * @param group the run's group, or null without write-through
	 */
	private void commit(@Nullable CommitGroup group) {
		if (group != null && group.hasChanges()) {
			group.saved(saveAfterMessages(null));
		}
	}

	/**
	 * Run one message. Counters and timestamps are updated before its sender sees the
	 * outcome, so a caller that got its reply reads them up to date; a tell, which has no
	 * reply, is counted with the next step of the run, as is, with write-through, every
	 * message of the group.
	 * @param uncounted messages run before it and not counted yet
	 * @param group with write-through, the group it joins; else null
	 * @return the messages run and not counted yet, this one included
	 */
	private int deliver(Envelope message, boolean likelyLast, int uncounted, @Nullable CommitGroup group) {
		A instance = Objects.requireNonNull(this.actor);
		Dispatcher<K, A> dispatcher = this.dispatcher;
		if (group != null && group.needsCheckpoint()) {
			SerializedState before = checkpoint();
			if (before != null) {
				group.checkpoint(before);
			}
			else {
				// Without a state captured before this message, neither a restart nor an
				// early save before a blocking ask could store the group without this
				// message's changes: save and answer it now. (An actor that is not
				// persistent has nothing to save, so its replies complete at once.)
				countProcessed(uncounted);
				uncounted = 0;
				commit(group);
			}
		}
		if (group != null) {
			group.running(uncounted);
		}
		Routing routing = message.routing();
		if (routing != null && routing.async) {
			return deliverAsync(message, routing, likelyLast, uncounted, group);
		}
		long begin = dispatcher.timed ? dispatcher.clock.nanoTime() : 0;
		Object result = null;
		Throwable thrown = null;
		if (routing != null) {
			// what it asks further extends its chain
			this.incoming = routing.chain;
		}
		try {
			result = runInContext(message, instance);
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		if (routing != null) {
			this.incoming = null;
		}
		if (group != null) {
			// none if the message saved the group early, before it blocked on an ask
			uncounted = group.uncountedBefore();
		}
		return finish(message, result, thrown, begin, likelyLast, uncounted, group);
	}

	/** Run a message's function in its sender's context. */
	private @Nullable Object runInContext(Envelope message, A instance) throws Throwable {
		Dispatcher<K, A> dispatcher = this.dispatcher;
		ContextPropagator carrier = dispatcher.propagator;
		ContextPropagator.Scope scope = (carrier != null) ? dispatcher.enterContext(carrier, message.context()) : null;
		try {
			return message.run(instance);
		}
		finally {
			// before anything else, so the sender's context never outlives its function
			dispatcher.leaveContext(scope);
		}
	}

	/**
	 * What follows a message that ran: its counting, timing and outcome, with
	 * write-through through its group.
	 * @param begin when it began, by the registry's clock, if timed
	 * @param uncounted messages run before it and not counted yet
	 * @return the messages run and not counted yet, this one included
	 */
	private int finish(Envelope message, @Nullable Object result, @Nullable Throwable thrown, long begin,
			boolean likelyLast, int uncounted, @Nullable CommitGroup group) {
		Dispatcher<K, A> dispatcher = this.dispatcher;
		if ((message.isTell() || group != null) && thrown == null && !dispatcher.timed) {
			uncounted++;
		}
		else {
			countProcessed(uncounted + 1);
			uncounted = 0;
		}
		if (dispatcher.timed || likelyLast) {
			long end = dispatcher.clock.nanoTime();
			if (likelyLast && message.countsAsActivity()) {
				this.lastActiveAt = end;
			}
			if (dispatcher.timed) {
				dispatcher.listener.messageProcessed(dispatcher.name, this.key, begin - message.acceptedAt, end - begin,
						thrown);
			}
		}
		if (group != null) {
			return joinGroup(message, result, thrown, uncounted, group);
		}
		if (thrown == null) {
			message.complete(result);
			return uncounted;
		}
		failed(message, thrown);
		message.fail(thrown);
		return uncounted;
	}

	/**
	 * Run the function of a message that returns a stage, as the start of its async turn.
	 * Asks it makes carry the turn, so that their replies complete in it. If the stage is
	 * complete when the function returns, the turn ends at once, as any message; else it
	 * suspends: the state as of the previous message is saved and the replies that covers
	 * answered (with write-through, as before a blocking ask), and the turn's end is due
	 * when the stage completes or its deadline passes.
	 * @return {@link #SUSPENDED}, or as {@link #deliver}
	 */
	private int deliverAsync(Envelope message, Routing routing, boolean likelyLast, int uncounted,
			@Nullable CommitGroup group) {
		A instance = Objects.requireNonNull(this.actor);
		Dispatcher<K, A> dispatcher = this.dispatcher;
		long begin = dispatcher.timed ? dispatcher.clock.nanoTime() : 0;
		AsyncTurn turn = new AsyncTurn(this, message, routing.chain, begin);
		if (group != null) {
			turn.before = group.checkpoint();
		}
		Reply<?> reply = message.reply();
		long deadline = (reply != null) ? reply.turnBegan() : Long.MAX_VALUE;
		this.asyncTurn = turn;
		Object result = null;
		Throwable thrown = null;
		try {
			result = runInContext(message, instance);
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		if (group != null) {
			uncounted = group.uncountedBefore();
		}
		if (thrown == null && result instanceof CompletionStage<?> stage) {
			if (!(stage instanceof CompletableFuture<?> future) || !future.isDone()) {
				suspend(turn, stage, deadline, reply);
				countProcessed(uncounted);
				if (group != null) {
					SerializedState boundary = group.boundary();
					if (boundary != null) {
						group.saved(saveAfterMessages(boundary));
					}
				}
				return SUSPENDED;
			}
			try {
				result = future.join();
			}
			catch (CompletionException ex) {
				result = null;
				thrown = (ex.getCause() != null) ? ex.getCause() : ex;
			}
			catch (CancellationException ex) {
				result = null;
				thrown = ex;
			}
		}
		// ended within its function: what it was handed meanwhile runs before its reply
		runLeftovers(turn);
		this.asyncTurn = null;
		return finish(message, result, thrown, begin, likelyLast, uncounted, group);
	}

	/** Make the turn's end due when its stage completes or its deadline passes. */
	private void suspend(AsyncTurn turn, CompletionStage<?> stage, long deadline, @Nullable Reply<?> reply) {
		stage.whenComplete((value, failure) -> turn.post(AsyncTurn.Ending.of(value, failure)));
		if (deadline == Long.MAX_VALUE || reply == null) {
			return;
		}
		Duration timeout = Duration.ofNanos(reply.timeoutNanos());
		// made only when it fires: most turns end in time, and an exception is not cheap
		turn.arm(SharedThreads.scheduler()
			.schedule(
					() -> turn.post(new AsyncTurn.Ending(null,
							new TurnTimeoutException(this.dispatcher.name, this.key, timeout))),
					Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
	}

	/**
	 * Run what the suspended async turn was handed, one at a time, as the actor, until
	 * there is nothing left (saving what interleaved messages changed, with
	 * write-through) or the turn ends; its end goes on with the mailbox.
	 * @param turn the turn, which made this thread the one to run it
	 */
	final void runSuspended(AsyncTurn turn) {
		Turns<?, ?> outer = enterTurn();
		try {
			this.owner = Thread.currentThread();
			for (;;) {
				Runnable task = turn.next(turn.interleavedUnsaved == 0);
				if (task == null) {
					if (turn.interleavedUnsaved == 0) {
						return; // idle: the next task's poster runs it
					}
					turn.interleavedUnsaved = 0;
					commit(this.commitGroup);
				}
				else if (task instanceof AsyncTurn.Ending ending) {
					endSuspended(turn, ending);
					return;
				}
				else {
					runInTurn(turn, task);
				}
			}
		}
		finally {
			leaveTurn(outer);
		}
	}

	/** Run what a turn that is ending was handed and had not run yet. */
	private void runLeftovers(AsyncTurn turn) {
		for (Runnable left : turn.end()) {
			if (!(left instanceof AsyncTurn.Ending)) {
				runInTurn(turn, left);
			}
		}
	}

	/**
	 * Run a reply's hand-over, or an interleaved message, in the turn, with the context
	 * of the message that sent it.
	 */
	private void runInTurn(AsyncTurn turn, Runnable task) {
		Dispatcher<K, A> dispatcher = this.dispatcher;
		ContextPropagator carrier = dispatcher.propagator;
		Envelope from = (task instanceof AsyncTurn.Interleaved interleaved) ? interleaved.message() : turn.message;
		ContextPropagator.Scope scope = (carrier != null) ? dispatcher.enterContext(carrier, from.context()) : null;
		try {
			if (task instanceof AsyncTurn.Interleaved interleaved) {
				runInterleaved(turn, interleaved.message());
			}
			else {
				task.run();
			}
		}
		catch (RuntimeException ex) {
			// a completion's stages keep their own failures: this is a bug, and the turn
			// must go on
			logger.log(System.Logger.Level.ERROR, "Registry '" + dispatcher.name + "': actor '"
					+ ActorRegistryException.keyText(this.key) + "': a task of its async turn threw", ex);
		}
		finally {
			dispatcher.leaveContext(scope);
		}
	}

	/**
	 * Run a message interleaved with the suspended turn. With write-through its reply
	 * waits for a save, as any message's. A message that returns a stage holds no turn of
	 * its own: its reply completes with the stage.
	 */
	private void runInterleaved(AsyncTurn turn, Envelope message) {
		if (message.isExpired()) {
			return;
		}
		A instance = Objects.requireNonNull(this.actor);
		Dispatcher<K, A> dispatcher = this.dispatcher;
		long begin = dispatcher.timed ? dispatcher.clock.nanoTime() : 0;
		Object result = null;
		Throwable thrown = null;
		try {
			result = message.run(instance);
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		countProcessed(1);
		if (dispatcher.timed) {
			long end = dispatcher.clock.nanoTime();
			dispatcher.listener.messageProcessed(dispatcher.name, this.key, begin - message.acceptedAt, end - begin,
					thrown);
		}
		if (thrown != null) {
			failedInterleaved(message, thrown);
		}
		Routing routing = message.routing();
		if (thrown == null && routing != null && routing.async && result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, failure) -> {
				AsyncTurn.Ending outcome = AsyncTurn.Ending.of(value, failure);
				if (outcome.failure() != null) {
					message.fail(outcome.failure());
				}
				else {
					message.complete(value);
				}
			});
			return;
		}
		CommitGroup group = dispatcher.writeThrough ? commitGroup() : null;
		if (group != null) {
			if (thrown == null) {
				group.succeeded(message, result);
			}
			else {
				group.threw(message, thrown);
			}
			turn.interleavedUnsaved++;
		}
		else if (thrown == null) {
			message.complete(result);
		}
		else {
			message.fail(thrown);
		}
	}

	/**
	 * End the suspended turn, as the actor, on the thread that runs its tasks: its
	 * outcome is its message's, as if the function had returned it (with write-through,
	 * saved before the reply; a failure goes to the failure policy), then the mailbox
	 * goes on here.
	 */
	private void endSuspended(AsyncTurn turn, AsyncTurn.Ending ending) {
		runLeftovers(turn);
		this.asyncTurn = null;
		Dispatcher<K, A> dispatcher = this.dispatcher;
		CommitGroup group = dispatcher.writeThrough ? commitGroup() : null;
		if (group != null) {
			group.running(0);
			if (turn.before != null) {
				// a restart stores the state as it was before the turn
				group.checkpoint(turn.before);
			}
		}
		int uncounted = finish(turn.message, ending.value(), ending.failure(), turn.begin, (state() & COUNT) == 1, 0,
				group);
		countProcessed(uncounted);
		commit(group);
		this.owner = null;
		long after = finished(1);
		dispatcher.ranWhileDraining(1);
		if ((after & COUNT) == 0) {
			dispatcher.mailboxEmptied();
			return;
		}
		runTurns(TURNS_PER_RUN, false);
	}

	/**
	 * Route a message offered to this actor that came within a call chain, or may
	 * interleave: one that came back to a live async turn of this actor in its chain runs
	 * interleaved in that turn if it is reentrant, and fails at once otherwise (it would
	 * wait for the turn, which may wait for it); one that may always interleave runs in
	 * the actor's async turn, if there is one.
	 * @return {@link Mailbox#ACCEPTED} if it was taken here (run or failed), or
	 * {@link #NOT_REROUTED} for the mailbox
	 */
	final int reroute(Envelope message, Routing routing) {
		CallChain chain = routing.chain;
		AsyncTurn turn = (chain != null) ? chain.liveTurnOf(this) : null;
		if (turn != null && chain != null) {
			if (routing.interleaving != Interleaving.NONE) {
				// if the turn ended meanwhile, the mailbox takes it
				return turn.post(new AsyncTurn.Interleaved(message)) ? ACCEPTED : NOT_REROUTED;
			}
			message.fail(this.dispatcher.rejected(this.key,
					new CallChainDeadlockException(this.dispatcher.name, this.key, chain.path(turn, this))));
			return ACCEPTED;
		}
		if (routing.interleaving == Interleaving.ALWAYS) {
			AsyncTurn current = this.asyncTurn;
			if (current != null && current.post(new AsyncTurn.Interleaved(message))) {
				return ACCEPTED;
			}
		}
		return NOT_REROUTED;
	}

	/**
	 * With write-through, a message that ran joins the group whose save its reply waits
	 * for. One that threw and is resumed joins it too, so the state it left is saved as
	 * after any message; before a restart or a stop acts on one, the group so far is
	 * saved and answered, so that what was about to be acknowledged is neither reloaded
	 * away nor left unanswered. A restart stores the state captured before the thrower
	 * ran: the restarted actor reloads it, without the thrower's changes.
	 * @return the messages run and not counted yet
	 */
	private int joinGroup(Envelope message, @Nullable Object result, @Nullable Throwable thrown, int uncounted,
			CommitGroup group) {
		if (thrown == null) {
			group.succeeded(message, result);
			return uncounted;
		}
		FailurePolicy policy = this.dispatcher.failurePolicy;
		if (policy == FailurePolicy.RESUME) {
			failed(message, thrown);
			group.threw(message, thrown);
			return uncounted;
		}
		if (group.hasChanges()) {
			group.saved(saveAfterMessages((policy == FailurePolicy.RESTART) ? group.checkpoint() : null));
		}
		failed(message, thrown);
		message.fail(thrown);
		return uncounted;
	}

	// reads for the registry and its monitors

	final boolean isOwnedByCurrentThread() {
		return this.owner == Thread.currentThread();
	}

	final long processed() {
		return (long) PROCESSED.getOpaque(this);
	}

	final long lastActiveAt() {
		return this.lastActiveAt;
	}

	final @Nullable A actor() {
		return this.actor;
	}

}
