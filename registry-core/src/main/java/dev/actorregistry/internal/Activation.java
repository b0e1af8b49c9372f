package dev.actorregistry.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRef;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ActorStatus;
import dev.actorregistry.ActorStoppedException;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.PersistentActor;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.StateConflictException;
import dev.actorregistry.StateSaveException;
import dev.actorregistry.StopReason;
import dev.actorregistry.Reminder;
import dev.actorregistry.Subscription;
import dev.actorregistry.Timers;

/**
 * The registry's record of one live actor: its key, instance, mailbox and counters. It is
 * also the actor's {@link ActorRef}, its {@link ActorContext} and the task that runs its
 * turns, so an idle actor costs one object beside its instance.
 * <p>
 * Its phase goes {@code STARTING → STARTED → TERMINATED}, or straight from
 * {@code STARTING} to {@code TERMINATED} when the start fails. A started activation is
 * stopping once its mailbox is closed. It leaves the registry's map before it turns
 * {@code TERMINATED}, so no lookup can return it afterwards.
 */
final class Activation<K, A> extends Mailbox implements ActorRef<K, A>, ActorContext<K>, Runnable {

	static final int STARTING = 0, STARTED = 1, TERMINATED = 2;

	/**
	 * Set beside the phase by anyone about to wait for it to change, and kept: a change
	 * nobody watches, as most starts are, takes no lock and wakes nobody.
	 */
	private static final int WATCHED = 4;

	private static final int PHASE = 3;

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

	private final DefaultActorRegistry<K, A> registry;

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

	/**
	 * Completed when the activation is terminated; created on demand, guarded by this.
	 */
	private @Nullable CompletableFuture<Void> termination;

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

	Activation(DefaultActorRegistry<K, A> registry, K key) {
		this.registry = registry;
		this.key = key;
	}

	// ActorRef and ActorContext

	@Override
	public K key() {
		return this.key;
	}

	@Override
	public ActorRegistry<K, ?> registry() {
		return this.registry;
	}

	@Override
	public void stopSelf() {
		requestStop(StopReason.STOPPED, false);
	}

	@Override
	public Timers timers() {
		synchronized (this) {
			if (this.timers == null) {
				this.timers = new ActorTimers(this, this.registry.timerQueue);
			}
			return this.timers;
		}
	}

	@Override
	public <M> Subscription subscribe(String topic, Class<M> type, Consumer<? super M> handler) {
		Objects.requireNonNull(topic, () -> describe("topic must not be null"));
		Objects.requireNonNull(type, () -> describe("message type of topic '" + topic + "' must not be null"));
		Objects.requireNonNull(handler, () -> describe("handler of topic '" + topic + "' must not be null"));
		ActorSubscription<M> subscription = new ActorSubscription<>(this, this.registry.topics, topic, type, handler);
		synchronized (this) {
			if (!acceptsTimers()) {
				throw stoppedException("it cannot subscribe to topic '" + topic + "'");
			}
			if (this.subscriptions == null) {
				this.subscriptions = new ArrayList<>(2);
			}
			this.subscriptions.add(subscription);
			// added to the topic while holding the lock: an end that follows removes it
			this.registry.topics.add(topic, subscription);
		}
		return subscription;
	}

	@Override
	public void registerReminder(Reminder reminder) {
		this.registry.reminders().register(this.key, reminder);
	}

	@Override
	public boolean cancelReminder(String name) {
		return this.registry.reminders().cancel(this.key, name);
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
			this.registry.mailboxFull(this.key);
		}
		return outcome == ACCEPTED || outcome == ACCEPTED_FIRST;
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
		this.registry.requireMessage(this.key, message);
		CompletableFuture<R> reply = new Reply<>();
		ActorRegistryException refusal = send(Envelope.ask(message, reply));
		if (refusal != null) {
			reply.completeExceptionally(refusal);
		}
		return reply;
	}

	@Override
	public void tell(Consumer<? super A> message) {
		this.registry.requireMessage(this.key, message);
		ActorRegistryException refusal = send(Envelope.tell(message));
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
		return "ActorRef[" + this.registry.name() + "/" + this.key + ", " + status() + "]";
	}

	// sending

	/**
	 * Offer a message through this ref.
	 * @return null if accepted, else the refusal, already counted and reported
	 */
	private @Nullable ActorRegistryException send(Envelope message) {
		int outcome = offer(message);
		if (outcome == REFUSED_CLOSED) {
			return this.registry.rejected(this.key, stoppedException());
		}
		return (outcome == REFUSED_FULL) ? this.registry.mailboxFull(this.key) : null;
	}

	/**
	 * Offer a message and schedule this activation if it was idle.
	 * @return an {@link Mailbox#offer} result
	 */
	int offer(Envelope message) {
		if (this.registry.timed) {
			message.acceptedAt = this.registry.clock.nanoTime();
		}
		int outcome = offer(message, this.registry.config.mailboxCapacity());
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
		if (this.registry.timed) {
			message.acceptedAt = this.registry.clock.nanoTime();
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
		return new ActorStoppedException(this.registry.name(), this.key, describe("it has stopped or is stopping, so "
				+ consequence + ". Send by key (registry.ask/tell) to reach the current activation."), null);
	}

	/** A message naming the registry and the key. */
	String describe(String problem) {
		return "Registry '" + this.registry.name() + "': actor '" + this.key + "': " + problem;
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
		this.registry.actorClosed();
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
			this.registry.executor.execute(this);
		}
		catch (RejectedExecutionException ex) {
			// Nobody will ever run this actor now: fail its messages and stop it here.
			abandonWaiting(new ActorStoppedException(this.registry.name(), this.key,
					"Registry '" + this.registry.name() + "': the executor refused to run actor '" + this.key
							+ "' (is it shut down?). Give the registry an executor that runs for as long as it does.",
					ex));
			if (close(Envelope.stop(StopReason.FAILED), false) != REFUSED_CLOSED) {
				this.registry.actorClosed();
			}
			run();
		}
	}

	@Override
	public void run() {
		Thread current = Thread.currentThread();
		// An unbounded mailbox takes the messages run off its count in one step per few
		// messages, not one per message: the count's word is the one producers contend
		// on. A bounded mailbox takes each off at once, so its capacity counts exactly.
		int batch = (this.registry.config.mailboxCapacity() == 0) ? TURNS_PER_RUN : 1;
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
						this.registry.ranWhileDraining(delivered);
						schedule();
						return;
					}
					continue;
				}
				if (finished > 0) {
					finished(finished);
				}
				this.registry.ranWhileDraining(delivered);
				terminate(message.stopReason(), current);
				return;
			}
			long before = observed;
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
					this.registry.ranWhileDraining(delivered);
					this.registry.mailboxEmptied();
					return;
				}
				if (turns <= 0 && (after & ABANDONED) == 0) {
					this.registry.ranWhileDraining(delivered);
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
		DefaultActorRegistry<K, A> registry = this.registry;
		long begin = registry.timed ? registry.clock.nanoTime() : 0;
		Object result = null;
		Throwable thrown = null;
		try {
			result = message.run(instance);
		}
		catch (Throwable ex) {
			thrown = ex;
		}
		if (message.isTell() && thrown == null && !registry.timed && !registry.writeThrough) {
			uncounted++;
		}
		else {
			countProcessed(uncounted + 1);
			uncounted = 0;
		}
		if (registry.timed || likelyLast) {
			long end = registry.clock.nanoTime();
			if (likelyLast && message.countsAsActivity()) {
				this.lastActiveAt = end;
			}
			if (registry.timed) {
				registry.listener.messageProcessed(registry.name(), this.key, begin - message.acceptedAt, end - begin,
						thrown);
			}
		}
		// After a message that threw, only a resumed actor keeps the state it left: a
		// stopped one saves as it stops, a restarted one reloads the last saved state.
		ActorRegistryException unsaved = (registry.writeThrough && this.persisted != null
				&& (thrown == null || registry.config.failurePolicy() == FailurePolicy.RESUME))
						? saveState("after a message") : null;
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
			this.registry.saveState(this.key, (PersistentActor<?>) instance, state, this.processed, when);
			return null;
		}
		catch (StateConflictException conflict) {
			abandonWaiting(conflict);
			requestStop(StopReason.FAILED, false);
			return conflict;
		}
		catch (StateSaveException failure) {
			return failure;
		}
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
		String when = "as it stops (" + reason + ")";
		ActorRegistryException unsaved = saveState(when);
		if (unsaved == null || unsaved instanceof StateConflictException) {
			return true;
		}
		if (this.registry.status() == RegistryStatus.RUNNING) {
			stayLive(reason, unsaved);
			return false;
		}
		// draining: no later stop can try again, so try again until the drain's deadline
		long deadline = this.registry.drainDeadline();
		for (long backoff = 10_000_000L; unsaved != null
				&& deadline - System.nanoTime() > 0; backoff = Math.min(backoff * 2, 1_000_000_000L)) {
			LockSupport.parkNanos(Math.min(backoff, deadline - System.nanoTime()));
			unsaved = saveState(when);
		}
		if (unsaved != null && !(unsaved instanceof StateConflictException)) {
			this.registry.stateLost(this.key, unsaved);
		}
		return true;
	}

	/**
	 * The final save failed: rather than lose the state, stay live, with the mailbox open
	 * again, and let a later stop try again. A caller of {@code stop} sees the failure.
	 */
	private void stayLive(StopReason reason, ActorRegistryException unsaved) {
		this.lastActiveAt = this.registry.clock.nanoTime();
		CompletableFuture<Void> waiting;
		synchronized (this) {
			reopen();
			waiting = this.termination;
			this.termination = null;
			notifyAll();
		}
		this.registry.actorReopened(this.key, reason, unsaved);
		if (waiting != null) {
			waiting.completeExceptionally(unsaved);
		}
		if (this.registry.status() != RegistryStatus.RUNNING) {
			// a drain began meanwhile and could not close this mailbox: close it now
			requestStop(StopReason.DRAINED, false);
		}
	}

	private void failed(Envelope message, Throwable thrown) {
		FAILURES.setOpaque(this, this.failures + 1);
		FailurePolicy policy = this.registry.config.failurePolicy();
		if (message.isTell()) {
			// nobody waits on a tell: say it here
			this.registry.logTellFailure(this.key, policy, thrown);
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
		this.registry.endInstance(this, StopReason.RESTARTED);
		this.actor = null;
		this.persisted = null;
		try {
			this.actor = this.registry.createInstance(this);
			this.registry.listener.actorRestarted(this.registry.name(), this.key, cause);
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
			this.registry.abandoned(this.key, conflict);
			message.fail(conflict);
			return;
		}
		String why = (cause instanceof ActorRegistryException) ? cause.getMessage()
				: "an earlier message threw " + cause + " and the failure policy is STOP";
		ActorStoppedException abandoned = new ActorStoppedException(this.registry.name(), this.key,
				"Registry '" + this.registry.name() + "': actor '" + this.key
						+ "' stopped before this message ran; send it again by key to reach a fresh activation. Why: "
						+ why,
				cause);
		this.registry.abandoned(this.key, abandoned);
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
		this.registry.endInstance(this, reason);
		this.actor = null;
		this.owner = null;
		this.registry.terminated(this, reason);
	}

	// the phase, and waiting for it to change

	void started(A instance, long now) {
		this.actor = instance;
		this.startedAt = now;
		this.lastActiveAt = now;
		changePhase(STARTED);
	}

	void startFailed(Throwable cause) {
		endTimers(true);
		this.failure = cause;
		changePhase(TERMINATED);
	}

	void changePhase(int next) {
		int previous;
		do {
			previous = this.phase;
		}
		while (!PHASE_WORD.weakCompareAndSet(this, previous, next | (previous & WATCHED)));
		if ((previous & WATCHED) == 0) {
			return;
		}
		CompletableFuture<Void> waiting;
		synchronized (this) {
			notifyAll();
			waiting = this.termination;
		}
		if (next == TERMINATED && waiting != null) {
			waiting.complete(null);
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
			if (this.termination == null) {
				this.termination = new CompletableFuture<>();
			}
			return this.termination;
		}
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

	void ownBy(@Nullable Thread thread) {
		this.owner = thread;
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

}
