package dev.actorregistry.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRef;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ActorStartException;
import dev.actorregistry.ActorStatus;
import dev.actorregistry.ActorStoppedException;
import dev.actorregistry.ContextPropagator;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.persistence.StateSaveException;
import dev.actorregistry.StopReason;
import dev.actorregistry.Subscription;
import dev.actorregistry.Timers;

/**
 * The registry's record of one activation of an actor: its key, instance, mailbox and
 * counters. It is also the actor's {@link ActorRef}, its {@link ActorContext} and the
 * task that runs its turns, so an idle actor costs one object beside its instance.
 * <p>
 * <b>Phases.</b> {@code STARTING → STARTED → TERMINATED}, or straight from
 * {@code STARTING} to {@code TERMINATED} when the start fails or runs out of time. A
 * started activation is stopping once its mailbox is closed.
 * <ul>
 * <li>It is created with a start signal first in its mailbox, and its creator schedules
 * it (or, for a caller that waits for the ref anyway, runs the start on its own thread).
 * Messages sent meanwhile queue behind the start, in order, so nobody who sends by key
 * waits for a factory or a state load.</li>
 * <li>Only the consumer moves it out of {@code STARTING}, but for one exception: a start
 * that outlives the start timeout is expired by whoever notices (a caller waiting for it,
 * a sender, the drain). Expiring claims the activation ({@link #LEAVING}); if the
 * consumer is inside the factory ({@link #CREATING}), the expirer takes its mailbox over
 * and fails its messages, and the consumer, when the factory returns, destroys the
 * instance and touches nothing else.</li>
 * <li>A closed activation stays in the registry's map until its actor stopped. Messages
 * sent by key meanwhile go to its successor, an activation waiting beside it that takes
 * the key when it leaves, so a sender never waits for a stop either. Leaving is claimed
 * first ({@link #LEAVING}), so no successor attaches after the leaver looked for
 * one.</li>
 * </ul>
 * No message is lost across the phases: the mailbox's count says which messages were
 * accepted, a closed mailbox accepts none, and every accepted message is run, or failed
 * and counted by whoever consumes the mailbox last.
 */
final class Activation<K, A> extends Mailbox implements ActorRef<K, A>, ActorContext<K>, Runnable {

	static final int STARTING = 0, STARTED = 1, TERMINATED = 2;

	private static final int PHASE = 3;

	/**
	 * Set beside the phase by anyone about to wait for it to change, and kept: a change
	 * nobody watches, as most starts are, takes no lock and wakes nobody.
	 */
	private static final int WATCHED = 4;

	/** The consumer is running the start: an expiry takes the mailbox over. */
	private static final int CREATING = 8;

	/** Claimed for leaving the map: no successor attaches, no expiry begins. */
	private static final int LEAVING = 16;

	/** It reached {@code STARTED} once: a termination is not a failed start. */
	private static final int EVER_STARTED = 32;

	/** It is in the registry's map and counted as active. */
	private static final int INSTALLED = 64;

	/**
	 * The activation whose turn the current thread runs, for {@link WaitGraph}, on
	 * threads other than the shared pool's (which keep it in a field).
	 */
	private static final ThreadLocal<Activation<?, ?>> CURRENT = new ThreadLocal<>();

	/** Messages run before giving the thread back to the executor, for fairness. */
	private static final int TURNS_PER_RUN = 64;

	private static final VarHandle PHASE_WORD;

	private static final VarHandle PROCESSED;

	private static final VarHandle FAILURES;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			PHASE_WORD = lookup.findVarHandle(Activation.class, "phase", int.class);
			PROCESSED = lookup.findVarHandle(Activation.class, "processed", long.class);
			FAILURES = lookup.findVarHandle(Activation.class, "failures", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** The runtime it shares with the other activations of its registry. */
	private final Dispatcher<K, A> dispatcher;

	private final K key;

	/** The phase, and {@link #WATCHED}. */
	private volatile int phase = STARTING;

	private volatile @Nullable A actor;

	/**
	 * The thread starting this activation or running its turn, to refuse waits that would
	 * wait for themselves. Only that thread writes itself here, so reading its own thread
	 * back is reliable without a fence.
	 */
	private @Nullable Thread owner;

	/** Why the start failed, or why waiting messages are abandoned. */
	private volatile @Nullable Throwable failure;

	/** Futures of callers waiting for a phase; created on demand, guarded by this. */
	private @Nullable Watchers watchers;

	/**
	 * When it started, by the registry's clock; while it is starting, when it was
	 * installed, by the same clock, for the start timeout: one clock, so that the stamp
	 * only grows, and a reader that sees the start's stamp while it still reads STARTING
	 * can only find the start younger than it is.
	 */
	private long startedAt;

	private volatile long lastActiveAt;

	/** Written by the consumer only, read by monitors: opaque access suffices. */
	private long processed;

	private long failures;

	/** The revision this activation owns, for a persistent actor; else null. */
	private @Nullable PersistedState persisted;

	/** Created by the actor's first timer; guarded by this. */
	private @Nullable ActorTimers timers;

	/** Created by the actor's first subscription; guarded by this. */
	private @Nullable List<ActorSubscription<?>> subscriptions;

	/**
	 * A new activation, its start signal in its mailbox: its creator installs it, then
	 * schedules it or runs its start.
	 * @param startContext the context of whoever caused the start, for the start to run
	 * with, or null
	 */
	Activation(Dispatcher<K, A> dispatcher, K key, @Nullable Object startContext) {
		super(Envelope.start(startContext));
		this.dispatcher = dispatcher;
		this.key = key;
	}

	/**
	 * A new activation that its creator puts straight in the registry's map: marked
	 * installed already, since it is garbage unless the put succeeds.
	 * @param startsHere whether the creator runs the start on its own thread at once, so
	 * that no start signal needs to be linked ({@link #startInline})
	 * @param startContext the context of whoever caused the start, or null
	 */
	private Activation(Dispatcher<K, A> dispatcher, K key, boolean startsHere, @Nullable Object startContext) {
		super(startsHere ? null : Envelope.start(startContext));
		this.dispatcher = dispatcher;
		this.key = key;
		this.phase = INSTALLED;
		this.startedAt = dispatcher.clock.nanoTime();
	}

	/**
	 * A new activation for the registry's map, installed once put there.
	 * @param startsHere whether its creator runs the start itself, at once, in its own
	 * context
	 * @param startContext the context of whoever caused the start, for a start that runs
	 * on the executor; or null
	 */
	static <K, A> Activation<K, A> forMap(Dispatcher<K, A> dispatcher, K key, boolean startsHere,
			@Nullable Object startContext) {
		return new Activation<>(dispatcher, key, startsHere, startContext);
	}

	/**
	 * The activation whose turn the current thread runs.
	 * @return it, or null outside any turn
	 */
	static @Nullable Activation<?, ?> current() {
		return (Thread.currentThread() instanceof SharedThreads.TurnWorker worker) ? worker.turn : CURRENT.get();
	}

	// ActorRef and ActorContext

	@Override
	public K key() {
		return this.key;
	}

	@Override
	public ActorRegistry<K, ?> registry() {
		return this.dispatcher.registry;
	}

	@Override
	public void stopSelf() {
		requestStop(StopReason.STOPPED, false);
	}

	@Override
	public Timers timers() {
		synchronized (this) {
			if (this.timers == null) {
				this.timers = new ActorTimers(this, this.dispatcher.timerQueue);
			}
			return this.timers;
		}
	}

	@Override
	public <M> Subscription subscribe(String topic, Class<M> type, Consumer<? super M> handler) {
		Objects.requireNonNull(topic, () -> describe("topic must not be null"));
		Objects.requireNonNull(type, () -> describe("message type of topic '" + topic + "' must not be null"));
		Objects.requireNonNull(handler, () -> describe("handler of topic '" + topic + "' must not be null"));
		ActorSubscription<M> subscription = new ActorSubscription<>(this, this.dispatcher.topics, topic, type, handler);
		synchronized (this) {
			if (!acceptsTimers()) {
				throw stoppedException("it cannot subscribe to topic '" + topic + "'");
			}
			if (this.subscriptions == null) {
				this.subscriptions = new ArrayList<>(2);
			}
			this.subscriptions.add(subscription);
			// added to the topic while holding the lock: an end that follows removes it
			this.dispatcher.topics.add(topic, subscription);
		}
		return subscription;
	}

	@Override
	public void registerReminder(Reminder reminder) {
		this.dispatcher.registry.reminders().register(this.key, reminder);
	}

	@Override
	public boolean cancelReminder(String name) {
		return this.dispatcher.registry.reminders().cancel(this.key, name);
	}

	/** How long a cancel from another thread waits for a tick or handler under way. */
	long cancelWaitNanos() {
		return this.dispatcher.timerQueue.cancelWaitNanos();
	}

	synchronized void forget(ActorSubscription<?> subscription) {
		if (this.subscriptions != null) {
			this.subscriptions.remove(subscription);
		}
	}

	/**
	 * Offer a message published on a topic; a full mailbox refuses it, counted and
	 * reported.
	 * @return whether it was accepted
	 */
	boolean offerPublished(Envelope message) {
		int outcome = offer(message);
		if (outcome == REFUSED_FULL) {
			this.dispatcher.mailboxFull(this.key);
		}
		return outcome < REFUSED_CLOSED;
	}

	/**
	 * The publisher's context, as this actor's registry carries it.
	 * @return it, or null if the registry carries none
	 */
	@Nullable Object publisherContext(TopicBus.Publication publication) {
		return publication.contextFor(this.dispatcher);
	}

	/**
	 * Whether a timer or subscription may start: the activation is starting or live, not
	 * stopping.
	 */
	boolean acceptsTimers() {
		return phase() != TERMINATED && !isClosed();
	}

	/**
	 * End the actor's timers and subscriptions as its instance ends.
	 * @param forGood whether the activation ends too, rather than restarting
	 */
	private void endTimers(boolean forGood) {
		ActorTimers currentTimers;
		List<ActorSubscription<?>> ending;
		synchronized (this) {
			currentTimers = this.timers;
			ending = this.subscriptions;
			this.subscriptions = null;
			// ended under the lock, so a subscription racing with this is removed too
			if (ending != null) {
				ending.forEach(ActorSubscription::end);
			}
		}
		if (currentTimers != null) {
			currentTimers.endAll(forGood);
		}
	}

	@Override
	public <R> CompletableFuture<R> ask(Function<? super A, ? extends R> message) {
		return ask(message, this.dispatcher.askTimeoutNanos);
	}

	@Override
	public <R> CompletableFuture<R> ask(Function<? super A, ? extends R> message, Duration timeout) {
		return ask(message, this.dispatcher.requireTimeout(this.key, timeout));
	}

	private <R> CompletableFuture<R> ask(Function<? super A, ? extends R> message, long timeoutNanos) {
		this.dispatcher.requireMessage(this.key, message);
		Reply<R> reply = new Reply<>(timeoutNanos);
		ActorRegistryException refusal = send(Envelope.ask(message, reply, this.dispatcher.captureContext()));
		if (refusal != null) {
			reply.completeExceptionally(refusal);
		}
		return reply;
	}

	@Override
	public void tell(Consumer<? super A> message) {
		this.dispatcher.requireMessage(this.key, message);
		ActorRegistryException refusal = send(Envelope.tell(message, this.dispatcher.captureContext()));
		if (refusal != null) {
			throw refusal;
		}
	}

	@Override
	public boolean isAlive() {
		return phase() == STARTED && !isClosed();
	}

	@Override
	public String toString() {
		return "ActorRef[" + address() + ", " + status() + "]";
	}

	/** Its registry and key, as messages name it. */
	String address() {
		return this.dispatcher.name + "/" + ActorRegistryException.keyText(this.key);
	}

	// sending

	/**
	 * Offer a message through this ref.
	 * @return null if accepted, else the refusal, already counted and reported
	 */
	private @Nullable ActorRegistryException send(Envelope message) {
		int outcome = offer(message);
		if (outcome == REFUSED_CLOSED) {
			return this.dispatcher.rejected(this.key, stoppedException());
		}
		return (outcome == REFUSED_FULL) ? this.dispatcher.mailboxFull(this.key) : null;
	}

	/**
	 * Offer a message and schedule this activation if it was idle.
	 * @return an {@link Mailbox#offer} result
	 */
	int offer(Envelope message) {
		if (this.dispatcher.timed) {
			message.acceptedAt = this.dispatcher.clock.nanoTime();
		}
		message.offeredTo(this);
		int outcome = offer(message, this.dispatcher.capacity);
		if (outcome == ACCEPTED_FIRST) {
			schedule();
		}
		return outcome;
	}

	/**
	 * Offer a message the registry sends on the actor's behalf (a timer's tick, a
	 * snapshot): it never counts against the mailbox capacity.
	 * @return whether it was accepted; false if the actor is stopping
	 */
	boolean offerUncounted(Envelope message) {
		if (this.dispatcher.timed) {
			message.acceptedAt = this.dispatcher.clock.nanoTime();
		}
		int outcome = offer(message, 0);
		if (outcome == ACCEPTED_FIRST) {
			schedule();
		}
		return outcome != REFUSED_CLOSED;
	}

	ActorStoppedException stoppedException() {
		return stoppedException("this ref no longer reaches it");
	}

	ActorStoppedException stoppedException(String consequence) {
		return new ActorStoppedException(this.dispatcher.name, this.key, ActorStoppedException.Reason.STOPPED,
				describe("it has stopped or is stopping, so " + consequence
						+ ". Send by key (registry.ask/tell) to reach the current activation."),
				null);
	}

	/** A message naming the registry and the key. */
	String describe(String problem) {
		return "Registry '" + this.dispatcher.name + "': actor '" + ActorRegistryException.keyText(this.key) + "': "
				+ problem;
	}

	// stopping

	/**
	 * Close the mailbox behind the messages it already accepted; they run, then the actor
	 * stops.
	 * @param reason why
	 * @param onlyIfIdle stop only if no message is waiting or running
	 * @return whether this call closed it
	 */
	boolean requestStop(StopReason reason, boolean onlyIfIdle) {
		int outcome = close(Envelope.stop(reason), onlyIfIdle);
		if (outcome == REFUSED_CLOSED) {
			return false;
		}
		this.dispatcher.registry.actorClosed();
		if (outcome == ACCEPTED_FIRST) {
			schedule();
		}
		return true;
	}

	/**
	 * Fail the messages still waiting, unrun, with {@code cause}; the one running, if
	 * any, finishes. Takes effect when the mailbox is closed too.
	 * @param cause why
	 */
	void abandonWaiting(Throwable cause) {
		this.failure = cause;
		abandonWaiting();
	}

	// running turns

	void schedule() {
		try {
			this.dispatcher.executor.execute(this);
		}
		catch (RejectedExecutionException ex) {
			// Nobody will ever run this actor now: fail its messages and stop it here.
			abandonWaiting(new ActorStoppedException(this.dispatcher.name, this.key,
					ActorStoppedException.Reason.EXECUTOR_REFUSED,
					describe("the executor refused to run it (is it shut down?). Give the registry an executor "
							+ "that runs for as long as it does."),
					ex));
			if (close(Envelope.stop(StopReason.FAILED), false) != REFUSED_CLOSED) {
				this.dispatcher.registry.actorClosed();
			}
			run();
		}
	}

	@Override
	public void run() {
		Activation<?, ?> outer = enterTurn();
		try {
			runTurns();
		}
		finally {
			leaveTurn(outer);
		}
	}

	/**
	 * Mark the current thread as running this activation's turn, for {@link WaitGraph}.
	 * @return the activation it ran a turn of before, to give back to {@link #leaveTurn}
	 */
	private @Nullable Activation<?, ?> enterTurn() {
		if (Thread.currentThread() instanceof SharedThreads.TurnWorker worker) {
			Activation<?, ?> outer = worker.turn;
			worker.turn = this;
			return outer;
		}
		Activation<?, ?> outer = CURRENT.get();
		CURRENT.set(this);
		return outer;
	}

	private static void leaveTurn(@Nullable Activation<?, ?> outer) {
		if (Thread.currentThread() instanceof SharedThreads.TurnWorker worker) {
			worker.turn = outer;
		}
		else {
			CURRENT.set(outer);
		}
	}

	private void runTurns() {
		Thread current = Thread.currentThread();
		// An unbounded mailbox takes the messages run off its count in one step per few
		// messages, not one per message: the count's word is the one producers contend
		// on. A bounded mailbox takes each off at once, so its capacity counts exactly.
		int batch = (this.dispatcher.capacity == 0) ? TURNS_PER_RUN : 1;
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
		for (int turns = TURNS_PER_RUN;;) {
			Envelope message = take();
			if (message.isStop()) {
				countProcessed(uncounted);
				uncounted = 0;
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
				if ((before & ABANDONED) == 0) {
					saveState("on its periodic snapshot");
				}
			}
			else if ((before & ABANDONED) != 0) {
				abandon(message);
			}
			else if (message.isExpired()) {
				// its caller no longer waits: its deadline passed before it could run
			}
			else {
				// the mailbox is likely to be empty after this one: idle time counts from
				// its end
				uncounted = deliver(message, (before & COUNT) - finished == 1, uncounted);
				delivered++;
			}
			finished++;
			turns--;
			long after = state();
			observed = after;
			if (finished == batch || turns <= 0 || (after & COUNT) == finished) {
				countProcessed(uncounted);
				uncounted = 0;
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
				if (turns <= 0 && (after & ABANDONED) == 0) {
					this.dispatcher.ranWhileDraining(delivered);
					schedule();
					return;
				}
				this.owner = current;
			}
		}
	}

	private void countProcessed(int messages) {
		if (messages > 0) {
			PROCESSED.setOpaque(this, this.processed + messages);
		}
	}

	/**
	 * Run one message. Counters and timestamps are updated before its sender sees the
	 * outcome, so a caller that got its reply reads them up to date; a tell, which has no
	 * reply, is counted with the next step of the run.
	 * @param uncounted tells run before it and not counted yet
	 * @return the tells run and not counted yet, this message included
	 */
	private int deliver(Envelope message, boolean likelyLast, int uncounted) {
		A instance = Objects.requireNonNull(this.actor);
		Dispatcher<K, A> dispatcher = this.dispatcher;
		long begin = dispatcher.timed ? dispatcher.clock.nanoTime() : 0;
		Object result = null;
		Throwable thrown = null;
		ContextPropagator carrier = dispatcher.propagator;
		ContextPropagator.Scope scope = (carrier != null) ? dispatcher.enterContext(carrier, message.context()) : null;
		try {
			result = message.run(instance);
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		finally {
			// before anything else, so the sender's context never outlives its function
			dispatcher.leaveContext(scope);
		}
		if (message.isTell() && thrown == null && !dispatcher.timed && !dispatcher.writeThrough) {
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
		// After a message that threw, only a resumed actor keeps the state it left: a
		// stopped one saves as it stops, a restarted one reloads the last saved state.
		ActorRegistryException unsaved = (dispatcher.writeThrough && this.persisted != null
				&& (thrown == null || dispatcher.failurePolicy == FailurePolicy.RESUME)) ? saveState("after a message")
						: null;
		if (thrown == null) {
			if (unsaved == null) {
				message.complete(result);
			}
			else {
				message.fail(unsaved);
			}
			return uncounted;
		}
		failed(message, thrown);
		message.fail(thrown);
		return uncounted;
	}

	// persistence

	void loaded(@Nullable PersistedState state) {
		this.persisted = state;
	}

	@Nullable PersistedState persisted() {
		return this.persisted;
	}

	/**
	 * Save the actor's state if it changed. A conflict stops this activation at once.
	 * @param when what is happening, for messages
	 * @return null if saved, unchanged or not persistent, else why not
	 */
	private @Nullable ActorRegistryException saveState(String when) {
		PersistedState state = this.persisted;
		A instance = this.actor;
		if (state == null || instance == null) {
			return null;
		}
		try {
			Objects.requireNonNull(this.dispatcher.persistence)
				.save(this.key, (PersistentActor<?>) instance, state, this.processed, when);
			return null;
		}
		catch (StateConflictException conflict) {
			conflicted(conflict);
			return conflict;
		}
		catch (StateSaveException failure) {
			return failure;
		}
	}

	/** Another activation saved a newer revision: this one stops at once. */
	private void conflicted(StateConflictException conflict) {
		abandonWaiting(conflict);
		requestStop(StopReason.FAILED, false);
	}

	/**
	 * Ask for a snapshot turn if the actor ran messages since its state was last saved. A
	 * snapshot is not a message: it does not count against the mailbox capacity, nor as
	 * activity.
	 * @return whether a snapshot turn was queued
	 */
	boolean requestSnapshot() {
		PersistedState state = this.persisted;
		if (state == null || phase() != STARTED || processed() == state.processedAtSave) {
			return false;
		}
		return offerUncounted(Envelope.snapshot());
	}

	/**
	 * The final save, before {@code onStop}.
	 * @return whether to go on stopping; false if the actor stays live because its state
	 * could not be saved
	 */
	private boolean saveBeforeStop(StopReason reason) {
		PersistedState state = this.persisted;
		A instance = this.actor;
		if (state == null || instance == null) {
			return true;
		}
		StateSaveException unsaved;
		try {
			unsaved = Objects.requireNonNull(this.dispatcher.persistence)
				.saveBeforeStop(this.key, (PersistentActor<?>) instance, state, this.processed, reason,
						this.dispatcher.isRunning());
		}
		catch (StateConflictException conflict) {
			conflicted(conflict);
			return true;
		}
		if (unsaved == null) {
			return true;
		}
		stayLive(reason, unsaved);
		return false;
	}

	/**
	 * The final save failed: rather than lose the state, stay live, with the mailbox open
	 * again, and let a later stop try again. A caller of {@code stop} sees the failure.
	 * Messages sent by key while it was closed went to a successor, which now never
	 * starts: they come back here, behind what this activation already ran.
	 */
	private void stayLive(StopReason reason, ActorRegistryException unsaved) {
		this.lastActiveAt = this.dispatcher.clock.nanoTime();
		// no successor attaches while the messages of this one move
		PHASE_WORD.getAndBitwiseOr(this, LEAVING);
		Activation<K, A> successor = this.dispatcher.registry.takeSuccessor(this);
		int[] adopted = { 0 };
		if (successor != null) {
			successor.closeUnstarted();
			successor.takeAll(0, (message) -> {
				adopt(message);
				adopted[0]++;
			});
		}
		CompletableFuture<Void> waiting;
		synchronized (this) {
			reopen();
			waiting = (this.watchers != null) ? this.watchers.takeTermination() : null;
			notifyAll();
		}
		PHASE_WORD.getAndBitwiseAnd(this, ~LEAVING);
		if (successor != null) {
			successor.retire(this);
		}
		this.dispatcher.registry.actorReopened(this.key, reason);
		if (waiting != null) {
			waiting.completeExceptionally(unsaved);
		}
		if (adopted[0] > 0) {
			// reopened with messages counted, so no sender schedules it: this does
			schedule();
		}
		if (!this.dispatcher.isRunning()) {
			// a drain began meanwhile and could not close this mailbox: close it now
			requestStop(StopReason.DRAINED, false);
		}
	}

	private void failed(Envelope message, Throwable thrown) {
		FAILURES.setOpaque(this, this.failures + 1);
		FailurePolicy policy = this.dispatcher.failurePolicy;
		if (message.isTell()) {
			// nobody waits on a tell: say it here
			this.dispatcher.logTellFailure(this.key, policy, thrown);
		}
		if (policy == FailurePolicy.RESTART) {
			restart(thrown);
		}
		else if (policy == FailurePolicy.STOP) {
			abandonWaiting(thrown);
			requestStop(StopReason.FAILED, false);
		}
	}

	private void restart(Throwable cause) {
		endTimers(false);
		this.dispatcher.instances.end(this, StopReason.RESTARTED);
		this.actor = null;
		this.persisted = null;
		try {
			this.actor = this.dispatcher.instances.create(this);
			this.dispatcher.listener.actorRestarted(this.dispatcher.name, this.key, cause);
		}
		catch (ActorRegistryException ex) {
			abandonWaiting(ex);
			requestStop(StopReason.FAILED, false);
		}
	}

	private void abandon(Envelope message) {
		Throwable cause = Objects.requireNonNull(this.failure);
		if (cause instanceof StateConflictException conflict) {
			// says all a sender needs: why, and that sending again by key works
			this.dispatcher.abandoned(this.key, conflict);
			message.fail(conflict);
			return;
		}
		String why = (cause instanceof ActorRegistryException) ? cause.getMessage()
				: "an earlier message threw " + cause + " and the failure policy is STOP";
		// a drain's or an executor's reason stays the message's own
		ActorStoppedException.Reason reason = (cause instanceof ActorStoppedException stopped) ? stopped.reason()
				: ActorStoppedException.Reason.ABANDONED;
		ActorStoppedException abandoned = new ActorStoppedException(this.dispatcher.name, this.key, reason, describe(
				"it stopped before this message ran; send it again by key to reach a fresh activation. Why: " + why),
				cause);
		this.dispatcher.abandoned(this.key, abandoned);
		message.fail(abandoned);
	}

	private void terminate(StopReason reason, Thread current) {
		this.owner = current;
		if (!saveBeforeStop(reason)) {
			this.owner = null;
			return;
		}
		this.persisted = null;
		endTimers(true);
		this.dispatcher.instances.end(this, reason);
		this.actor = null;
		this.owner = null;
		PHASE_WORD.getAndBitwiseOr(this, LEAVING);
		Activation<K, A> successor = this.dispatcher.registry.leave(this, null);
		this.dispatcher.listener.actorStopped(this.dispatcher.name, this.key, reason);
		changePhase(TERMINATED);
		this.dispatcher.mailboxEmptied();
		if (successor != null) {
			successor.schedule();
		}
	}

	// starting

	/**
	 * The activation is in the registry's map now, counted as active: its start timeout
	 * runs from here.
	 */
	void installed() {
		this.startedAt = this.dispatcher.clock.nanoTime();
		PHASE_WORD.getAndBitwiseOr(this, INSTALLED);
	}

	/**
	 * Run the start on the calling thread, which created and installed this activation
	 * ({@link #forMap} with {@code startsHere}) and would otherwise wait for it: the
	 * factory, the state load and {@code onStart}. Messages sent meanwhile run on the
	 * executor afterwards.
	 * @return whether it started; if not, {@link #failure()} says why
	 */
	boolean startInline() {
		Activation<?, ?> outer = enterTurn();
		try {
			// its start signal is counted only: nothing to take off the queue
			if (!start(Thread.currentThread())) {
				return false;
			}
			this.owner = null;
			if ((startFinished() & COUNT) != 0) {
				// messages came while it started
				schedule();
			}
			else {
				this.dispatcher.mailboxEmptied();
			}
			return true;
		}
		finally {
			leaveTurn(outer);
		}
	}

	/**
	 * The start, as the consumer, its signal taken, in the context of whoever caused it.
	 * @param signal the start signal, carrying that context
	 * @return as {@link #start(Thread)}
	 */
	private boolean startIn(Envelope signal, Thread current) {
		ContextPropagator carrier = this.dispatcher.propagator;
		if (carrier == null) {
			return start(current);
		}
		ContextPropagator.Scope scope = this.dispatcher.enterContext(carrier, signal.context());
		try {
			return start(current);
		}
		finally {
			this.dispatcher.leaveContext(scope);
		}
	}

	/**
	 * The start, as the consumer, its signal taken: create the instance, load its state,
	 * run {@code onStart}.
	 * @return whether it started; if not, its messages are failed (or will be, by whoever
	 * expired it), and the consumer must touch nothing more
	 */
	private boolean start(Thread current) {
		if (!claimStart()) {
			// expired before it began: the consumer fails what waits
			failUnstarted(startFailure());
			return false;
		}
		this.owner = current;
		Dispatcher<K, A> dispatcher = this.dispatcher;
		long begin = dispatcher.timed ? dispatcher.clock.nanoTime() : 0;
		A instance;
		try {
			if ((state() & ABANDONED) != 0) {
				// the executor refused to run it
				throw (ActorRegistryException) Objects.requireNonNull(this.failure);
			}
			// A drain lets a start asked for before it finish: messages wait for it.
			this.dispatcher.registry.requireStartsNotEnded(this.key);
			instance = this.dispatcher.instances.create(this);
			if (this.dispatcher.registry.startsEnded(this.key) != null) {
				// the drain began to stop every actor while this one was starting
				this.actor = instance;
				this.dispatcher.instances.end(this, StopReason.DRAINED);
				this.actor = null;
				this.dispatcher.registry.requireStartsNotEnded(this.key);
			}
		}
		catch (ActorRegistryException ex) {
			this.owner = null;
			startFailed(ex);
			return false;
		}
		long now = dispatcher.clock.nanoTime();
		this.actor = instance;
		this.startedAt = now;
		this.lastActiveAt = now;
		// heard before the waiters are released, so what they read next is counted
		dispatcher.listener.actorStarted(dispatcher.name, this.key, dispatcher.timed ? now - begin : 0);
		int previous = leaveStarting(STARTED | EVER_STARTED);
		if (previous == -1) {
			// expired while it started: whoever expired it failed its messages
			this.dispatcher.instances.end(this, StopReason.FAILED);
			this.actor = null;
			this.persisted = null;
			this.owner = null;
			dispatcher.listener.actorStopped(dispatcher.name, this.key, StopReason.FAILED);
			return false;
		}
		wake(previous, STARTED);
		this.dispatcher.registry.evictIfOverLimit(this);
		return true;
	}

	/**
	 * The start failed: leave the map (to a successor, if messages came for one), fail
	 * the messages that waited for the start with its failure, and let waiters see it.
	 */
	private void startFailed(ActorRegistryException cause) {
		int observed;
		do {
			observed = this.phase;
			if ((observed & LEAVING) != 0) {
				return; // expired meanwhile: its expirer took the mailbox over
			}
		}
		while (!PHASE_WORD.weakCompareAndSet(this, observed, observed | LEAVING));
		this.failure = cause;
		endTimers(true);
		Activation<K, A> successor = this.dispatcher.registry.leave(this, cause);
		failUnstarted(cause);
		changePhase(TERMINATED);
		if (successor != null) {
			successor.schedule();
		}
	}

	/**
	 * Expire a start that outlived the start timeout: waiting callers fail with
	 * {@code timeout}, the key is free again, and the instance is destroyed if the start
	 * ever ends. Any thread may call this.
	 * @param timeout what waiting callers and messages see
	 * @return whether this call expired it; false if it had started, failed, or is not
	 * installed yet
	 */
	boolean expireStart(ActorStartException timeout) {
		int observed;
		do {
			observed = this.phase;
			if ((observed & (PHASE | LEAVING | INSTALLED)) != (STARTING | INSTALLED)) {
				return false;
			}
		}
		while (!PHASE_WORD.weakCompareAndSet(this, observed, observed | LEAVING));
		this.failure = timeout;
		Activation<K, A> successor = this.dispatcher.registry.leave(this, timeout);
		if ((observed & CREATING) != 0) {
			// Its consumer is inside the factory, its start signal taken, and touches
			// the mailbox no more: fail the messages here.
			endTimers(true);
			failUnstarted(timeout);
		}
		changePhase(TERMINATED);
		if (successor != null) {
			successor.schedule();
		}
		return true;
	}

	/**
	 * Whether it has been starting, installed, for longer than the start timeout, by the
	 * registry's clock (a test clock that stands still never makes a sender expire it;
	 * callers that wait use real time).
	 * @param timeoutNanos the start timeout
	 * @return true if it is overdue
	 */
	boolean isStartOverdue(long timeoutNanos) {
		return (this.phase & (PHASE | LEAVING | INSTALLED)) == (STARTING | INSTALLED)
				&& this.dispatcher.clock.nanoTime() - this.startedAt - timeoutNanos > 0;
	}

	/**
	 * Close the mailbox of an activation that never started, and fail every message that
	 * waited for its start, as its consumer with the start signal taken.
	 */
	private void failUnstarted(ActorRegistryException cause) {
		failUnstarted(cause, 1);
	}

	/**
	 * Refuse the messages of a successor that never starts, because the registry drains:
	 * as its consumer, its start signal not taken.
	 * @param refusal what its senders see
	 */
	void refuse(ActorRegistryException refusal) {
		this.failure = refusal;
		failUnstarted(refusal, 0);
		changePhase(TERMINATED);
	}

	private void failUnstarted(ActorRegistryException cause, int taken) {
		closeUnstarted();
		takeAll(taken, (message) -> {
			this.dispatcher.rejected(this.key, cause);
			message.fail(cause);
		});
		this.dispatcher.mailboxEmptied();
	}

	/** Close the mailbox of an activation that never started: it accepts nothing more. */
	void closeUnstarted() {
		if (close(Envelope.stop(StopReason.FAILED), false) != REFUSED_CLOSED && (this.phase & INSTALLED) != 0) {
			this.dispatcher.registry.actorClosed();
		}
	}

	/**
	 * A successor that never started, because its predecessor stayed live after all and
	 * took its messages: its waiters get the live one.
	 */
	void retire(Activation<K, A> live) {
		changePhase(TERMINATED);
		Watchers waiting;
		synchronized (this) {
			waiting = this.watchers;
		}
		if (waiting != null && waiting.started != null) {
			waiting.started.complete(live);
		}
	}

	/** Take a message of a retired successor, behind those this one accepted. */
	private void adopt(Envelope message) {
		message.offeredTo(this);
		requeueCounted(message);
	}

	/** Claim the start for the consumer, unless it expired first. */
	private boolean claimStart() {
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
	private int leaveStarting(int next) {
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
	boolean isLeaving() {
		return (this.phase & LEAVING) != 0;
	}

	/** Whether it started once, even if it is gone now. */
	boolean everStarted() {
		return (this.phase & EVER_STARTED) != 0;
	}

	/**
	 * The activation this one waits for before it can start: its predecessor, if it is a
	 * successor not installed yet.
	 */
	@Nullable Activation<?, ?> predecessor() {
		if ((this.phase & (PHASE | INSTALLED)) != STARTING) {
			return null;
		}
		return this.dispatcher.registry.predecessorOf(this);
	}

	// the phase, and waiting for it to change

	void changePhase(int next) {
		int previous;
		do {
			previous = this.phase;
		}
		while (!PHASE_WORD.weakCompareAndSet(this, previous, (previous & ~(PHASE | CREATING)) | next));
		wake(previous, next);
	}

	/** Wake whoever waits for the phase to change from {@code previous}'s. */
	private void wake(int previous, int next) {
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

	CompletableFuture<Void> whenTerminated() {
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
	CompletableFuture<ActorRef<K, A>> whenStarted() {
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
	ActorRegistryException startFailure() {
		Throwable cause = this.failure;
		if (cause instanceof ActorRegistryException registryFailure) {
			return registryFailure;
		}
		return new ActorStartException(this.dispatcher.name, this.key, "its start failed: " + cause, cause);
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
	boolean awaitLeaving(int from, long deadline) throws InterruptedException {
		if (!isIn(from)) {
			return true;
		}
		watch();
		ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {

			@Override
			public boolean block() throws InterruptedException {
				synchronized (Activation.this) {
					long remaining;
					while (isIn(from) && (remaining = deadline - System.nanoTime()) > 0) {
						long millis = Math.max(1, remaining / 1_000_000);
						Activation.this.wait(millis);
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

	// reads for the registry and its monitors

	int phase() {
		return this.phase & PHASE;
	}

	boolean isOwnedByCurrentThread() {
		return this.owner == Thread.currentThread();
	}

	@Nullable A actor() {
		return this.actor;
	}

	@Nullable Throwable failure() {
		return this.failure;
	}

	long startedAt() {
		return this.startedAt;
	}

	long lastActiveAt() {
		return this.lastActiveAt;
	}

	long processed() {
		return (long) PROCESSED.getOpaque(this);
	}

	long failures() {
		return (long) FAILURES.getOpaque(this);
	}

	/** Installed in the registry's map. */
	boolean isInstalled() {
		return (this.phase & INSTALLED) != 0;
	}

	/** Started, open, and with no message waiting or running. */
	boolean isIdle() {
		return phase() == STARTED && (state() & (CLOSED | COUNT)) == 0;
	}

	ActorStatus status() {
		return switch (phase()) {
			case STARTING -> ActorStatus.STARTING;
			case STARTED -> isClosed() ? ActorStatus.STOPPING : ActorStatus.ACTIVE;
			default -> ActorStatus.STOPPED;
		};
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

		void phaseChanged(Activation<?, ?> activation, int next) {
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
