package dev.actorregistry.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
import dev.actorregistry.KeyTooLongException;
import dev.actorregistry.StopReason;
import dev.actorregistry.Subscription;
import dev.actorregistry.Timers;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.DurableSendException;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.invocation.Operation;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.persistence.StateSaveException;
import dev.actorregistry.reminder.Reminder;

/**
 * The registry's record of one activation of an actor: its key, instance, mailbox and
 * counters. It is also the actor's {@link ActorRef}, its {@link ActorContext} and the
 * task that runs its turns, so an idle actor costs one object beside its instance. Its
 * code is split by concern across its superclasses: {@link Mailbox} (the queue and its
 * state word), {@link Turns} (the turn loop) and {@link Phases} (the phase word and the
 * waits for it); what the phases mean, and the stop, the start and the failure policy,
 * are here.
 * <p>
 * <b>The protocol.</b> Two words describe an activation. The mailbox's state word
 * ({@link Mailbox}) holds the count of accepted, unfinished messages and the bits
 * {@code CLOSED}, {@code ABANDONED} and {@code STARTING} (the start signal is counted).
 * The phase word ({@link Phases}) holds the phase,
 * {@code STARTING → STARTED → TERMINATED}, and the marks {@link #WATCHED},
 * {@link #CREATING}, {@link #LEAVING}, {@link #EVER_STARTED} and {@link #INSTALLED}. A
 * started activation is <em>stopping</em> once its mailbox is closed.
 * <p>
 * <b>The consumer.</b> At most one thread consumes the mailbox at a time: the producer
 * whose offer raised the count from zero schedules the activation, and a run ends only
 * after bringing the count back to zero or scheduling the next run itself. A scheduled
 * run is claimed once, by the executor's task or by a caller about to block on the reply
 * of the run's first message, which then runs that one message on its own thread and
 * hands the rest back ({@link Turns#runForCaller}); the task that finds it claimed does
 * nothing. That thread is the {@code owner} while it runs a start or a turn, so a wait it
 * would do on itself is refused. Only the consumer runs the actor, and only the consumer
 * moves the phase forward, but for the exceptions named below.
 * <p>
 * <b>Who moves it.</b>
 * <ul>
 * <li><i>Created, {@code STARTING}.</i> Its mailbox counts a start signal first. Its
 * creator puts it in the registry's map ({@code putIfAbsent}), then schedules it or, for
 * a caller that waits for the ref anyway, runs the start on its own thread
 * ({@link #startInline}). Or its creator attaches it as the successor of a stopping
 * activation; then nobody schedules it until that one leaves the map, puts the successor
 * there and schedules it. Messages sent meanwhile queue behind the start, in order, so
 * nobody who sends by key waits for a factory, a state load or a stop.</li>
 * <li><i>{@code STARTING → STARTED}.</i> The consumer, after the factory, the state load
 * and {@code onStart}, with a compare-and-set that fails if the start was expired.</li>
 * <li><i>{@code STARTING → TERMINATED}.</i> The consumer, when the start fails. Or
 * whoever notices that a start outlived the start timeout (a caller waiting for it, a
 * sender, the drain) expires it: expiring claims the activation ({@link #LEAVING}); if
 * the consumer is inside the factory ({@link #CREATING}), the expirer takes its mailbox
 * over and fails its messages, and the consumer, when the factory returns, destroys the
 * instance and touches nothing else. A successor that never starts is ended by whoever
 * makes its predecessor leave, refusing its messages (the registry drains), or by its
 * predecessor's consumer, taking them back (the predecessor stays live).</li>
 * <li><i>{@code STARTED → stopping}.</i> Anyone, by closing the mailbox
 * ({@link #requestStop}): a stop by key or by the actor itself, the idle sweep and the
 * max-active eviction (only if no message waits), the drain, the failure policy, a state
 * conflict, an executor that refuses to run it. The close links a stop signal behind
 * every message already accepted; it is a message like the others, not a side channel, so
 * what was sent before the stop runs before it.</li>
 * <li><i>stopping → {@code TERMINATED}.</i> The consumer, when it takes the stop signal:
 * the final save, {@code onStop}, then it claims {@link #LEAVING}, leaves the map (or
 * hands the key to its successor) and turns {@code TERMINATED}.</li>
 * <li><i>stopping → {@code STARTED} again.</i> The consumer, when the final save fails
 * while the registry runs: the mailbox opens again and the actor stays live, rather than
 * lose its state; a later stop tries again.</li>
 * </ul>
 * <b>Why no message is lost.</b>
 * <ul>
 * <li>A producer raises the count before it links its message, and only while the mailbox
 * is open, so once {@code CLOSED} is set the set of messages that will ever arrive is
 * fixed. The consumer runs every counted message, or fails it unrun ({@code ABANDONED},
 * or {@link Mailbox#takeAll} when the start failed) and counts the failure; only an ask
 * whose caller stopped waiting is dropped unrun, its reply already complete.</li>
 * <li>The stop signal is counted like a message. A message counted just before the close
 * but linked just after the signal is found by the count, and the signal is put back
 * behind it.</li>
 * <li>A closed activation stays in the map until its actor stopped. Messages sent by key
 * meanwhile go to its successor, an activation waiting beside it that takes the key when
 * it leaves, so a sender never waits for a stop. A successor attaches only while
 * {@link #LEAVING} is not set, and the leaver sets it before it looks for one, so no
 * successor is left behind; one that the leaver cannot start (the registry drains) has
 * its messages refused and counted; one whose predecessor stays live gives its messages
 * back to it, behind those it accepted.</li>
 * <li>Whoever waits for a phase sets {@link #WATCHED} before it reads the phase, and each
 * change of phase reads the previous word: either the waiter reads the new phase, or the
 * change sees the mark and wakes it. A change nobody watches, as most starts are, takes
 * no lock.</li>
 * </ul>
 * <b>Group commit.</b> With write-through, the consumer saves once per step of its run,
 * not once per message: the messages it ran since the last save are a group, their
 * replies are held in the run's locals ({@link CommitGroup}) and completed only after the
 * save that includes their changes has committed, or failed with that save's failure. A
 * message that threw keeps its own exception. The group is saved and answered before
 * anything that lets another thread run the actor or that looks at its state: before the
 * step takes the messages off the count (which may bring it to zero and let the next run
 * start elsewhere), before the run reschedules itself, before a stop, snapshot or start
 * signal, when a step reaches its bound ({@code TURNS_PER_RUN}), and before the failure
 * policy restarts or stops the actor after a message that threw. A restart stores the
 * state captured before the thrower ran (a checkpoint taken before each message of a
 * group that has changes), so the restarted actor reloads what was acknowledged without
 * the thrower's changes. A message is counted in the mailbox until its group is saved, so
 * a bounded mailbox's capacity includes the group under way. A message that blocks on an
 * ask must not keep the group's replies held while it waits, or an actor waiting for one
 * of them would close a cycle of waits: while the group holds replies, the state is
 * serialized before each message (the same checkpoint a restart uses), and a turn about
 * to block first saves that state, the one as of the end of the previous message, and
 * answers the replies it covers; the blocking message's own changes wait for the next
 * save. If that save fails, those replies fail with its failure, and the ask goes on.
 * <p>
 * <b>Async turns.</b> A message whose function returns an incomplete stage ends the run
 * with the message still counted ({@link AsyncTurn}): no producer schedules a run while
 * the count is above zero, so the actor stays the turn's until the stage completes, and
 * no thread is held. Replies to the turn's asks and interleaved messages run one at a
 * time in the turn; the turn's end, on whichever thread runs it, completes the message as
 * a run would and goes on with the mailbox from there.
 * <p>
 * <b>What the registry is told.</b> The activation calls back into its registry only for
 * what the key map and the active count must know: {@code actorClosed},
 * {@code actorReopened} and {@code takeSuccessor}, {@code leave},
 * {@code evictIfOverLimit} after a start, {@code startsEnded} during a start, and
 * {@code predecessorOf} for the wait graph. Everything a send or a turn reads is on its
 * {@link Dispatcher}, one hop away.
 */
final class Activation<K, A> extends Phases<K, A> implements ActorContext<K> {

	private static final VarHandle FAILURES;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			FAILURES = lookup.findVarHandle(Activation.class, "failures", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * When it started, by the registry's clock; while it is starting, when it was
	 * installed, by the same clock, for the start timeout: one clock, so that the stamp
	 * only grows, and a reader that sees the start's stamp while it still reads STARTING
	 * can only find the start younger than it is.
	 */
	private long startedAt;

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
		super(dispatcher, key, Envelope.start(startContext), STARTING);
	}

	/**
	 * A new activation that its creator puts straight in the registry's map: marked
	 * installed already, since it is garbage unless the put succeeds.
	 * @param startsHere whether the creator runs the start on its own thread at once, so
	 * that no start signal needs to be linked ({@link #startInline})
	 * @param startContext the context of whoever caused the start, or null
	 */
	private Activation(Dispatcher<K, A> dispatcher, K key, boolean startsHere, @Nullable Object startContext) {
		super(dispatcher, key, startsHere ? null : Envelope.start(startContext), INSTALLED);
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
		return (Activation<?, ?>) running();
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

	@Override
	public <R, I> ActorClient<R, I> durable(ActorClient<R, I> receivers) {
		Objects.requireNonNull(receivers, () -> describe("the receivers of durable sends must not be null"));
		if (this.dispatcher.delivery == null) {
			throw new DurableSendException(this.dispatcher.name, this.key, "this registry does not send durably",
					"Build it with durableSends(codec, router) and a state store that keeps durable sends, with "
							+ "write-through (in Spring Boot: a JPA state store and "
							+ "actors.registries.<name>.persistence.write-through=true)",
					null);
		}
		return new DurableClient<>(receivers, this);
	}

	/**
	 * Record a durable send made on this actor's turn, to be saved with its state.
	 * @throws DurableSendException if not called on this actor's turn, or if its
	 * arguments cannot be written
	 */
	void sendDurably(String registry, Object receiver, Operation operation, @Nullable Object[] arguments) {
		PersistedState state = this.persisted;
		if (Turns.running() != this || !isOwnedByCurrentThread() || state == null) {
			throw new DurableSendException(this.dispatcher.name, this.key,
					"a durable send to " + registry + "/" + ActorRegistryException.keyText(receiver) + " ("
							+ operation.name() + ") was made off the actor's turn",
					"Make durable sends in the actor's own methods, while it handles a message, so they are saved "
							+ "with its state",
					null);
		}
		KeyTooLongException tooLong = KeyText.tooLong(registry, receiver,
				Objects.requireNonNull(this.dispatcher.registry.stateStore()).maxKeyLength());
		if (tooLong != null) {
			throw tooLong;
		}
		byte[] encoded;
		try {
			encoded = Objects.requireNonNull(this.dispatcher.invocationCodec).encodeArguments(operation, arguments);
		}
		catch (RuntimeException ex) {
			throw new DurableSendException(this.dispatcher.name, this.key,
					"the arguments of a durable send of " + operation + " cannot be written",
					"Use argument types the invocation codec can write and read back", ex);
		}
		Invocation invocation = Invocation.of(registry, KeyText.of(receiver), operation, encoded);
		state.send(DurableSend.invocation(this.dispatcher.name, KeyText.of(this.key), invocation,
				this.dispatcher.clock.instant()));
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
		Routing routing = message.routing();
		if (routing != null && routing.mayReroute()) {
			int rerouted = reroute(message, routing);
			if (rerouted != NOT_REROUTED) {
				return rerouted;
			}
		}
		int outcome = offer(message, this.dispatcher.capacity);
		if (outcome == ACCEPTED_FIRST && !holdForCaller(message)) {
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
				consequence, null);
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

	// what the turns make of signals

	@Override
	void executorRefused(RejectedExecutionException refusal) {
		// Nobody will ever run this actor now: fail its messages and stop it here.
		abandonWaiting(new ActorStoppedException(this.dispatcher.name, this.key,
				ActorStoppedException.Reason.EXECUTOR_REFUSED, null, refusal));
		if (close(Envelope.stop(StopReason.FAILED), false) != REFUSED_CLOSED) {
			this.dispatcher.registry.actorClosed();
		}
		run();
	}

	@Override
	void snapshot() {
		saveState("on its periodic snapshot", null);
	}

	@Override
	@Nullable ActorRegistryException saveAfterMessages(@Nullable SerializedState checkpoint) {
		return saveState("after a message", checkpoint);
	}

	@Override
	@Nullable SerializedState checkpoint() {
		PersistedState state = this.persisted;
		A instance = this.actor;
		if (state == null || instance == null) {
			return null;
		}
		try {
			SerializedState captured = Objects.requireNonNull(this.dispatcher.persistence)
				.serialize(this.key, (PersistentActor<?>) instance, state, "after a message");
			// the durable sends made so far go with this state, those of the next message
			// not
			state.mark();
			return captured;
		}
		catch (StateSaveException unserializable) {
			return null;
		}
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
	 * @param serialized the state to save, serialized earlier; null for the state as it
	 * is now
	 * @return null if saved, unchanged or not persistent, else why not
	 */
	private @Nullable ActorRegistryException saveState(String when, @Nullable SerializedState serialized) {
		PersistedState state = this.persisted;
		A instance = this.actor;
		if (state == null || instance == null) {
			return null;
		}
		StatePersistence persistence = Objects.requireNonNull(this.dispatcher.persistence);
		try {
			if (serialized != null) {
				persistence.save(this.key, serialized, state, this.processed, when);
			}
			else {
				persistence.save(this.key, (PersistentActor<?>) instance, state, this.processed, when);
			}
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
						this.dispatcher::isRunning);
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
		markLeaving();
		Activation<K, A> successor = this.dispatcher.registry.takeSuccessor(this);
		int[] adopted = { 0 };
		if (successor != null) {
			successor.closeUnstarted();
			successor.takeAll(0, (message) -> {
				adopt(message);
				adopted[0]++;
			});
		}
		CompletableFuture<Void> waiting = reopenWatched();
		unmarkLeaving();
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

	@Override
	void failed(Envelope message, Throwable thrown) {
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

	@Override
	void failedInterleaved(Envelope message, Throwable thrown) {
		FAILURES.setOpaque(this, this.failures + 1);
	}

	@Override
	boolean offerResumption(Resumption resumption) {
		return offerUncounted(Envelope.tell((actor) -> resumption.run()));
	}

	@Override
	void abandon(Envelope message) {
		Throwable cause = Objects.requireNonNull(this.failure);
		if (cause instanceof StateConflictException conflict) {
			// says all a sender needs: why, and that sending again by key works
			this.dispatcher.abandoned(this.key, conflict);
			message.fail(conflict);
			return;
		}
		String why = (cause instanceof ActorStoppedException) ? null
				: (cause instanceof ActorRegistryException) ? "it failed with " + cause.getClass().getSimpleName()
						: "an earlier message threw " + cause.getClass().getName() + " and the failure policy is STOP";
		// a drain's or an executor's reason stays the message's own
		ActorStoppedException.Reason reason = (cause instanceof ActorStoppedException stopped) ? stopped.reason()
				: ActorStoppedException.Reason.ABANDONED;
		ActorStoppedException abandoned = new ActorStoppedException(this.dispatcher.name, this.key, reason, why, cause);
		this.dispatcher.abandoned(this.key, abandoned);
		message.fail(abandoned);
	}

	@Override
	void terminate(StopReason reason, Thread current) {
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
		markLeaving();
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
		markInstalled();
	}

	/**
	 * Run the start on the calling thread, which created and installed this activation
	 * ({@link #forMap} with {@code startsHere}) and would otherwise wait for it: the
	 * factory, the state load and {@code onStart}. Messages sent meanwhile run on the
	 * executor afterwards.
	 * @return whether it started; if not, {@link #failure()} says why
	 */
	boolean startInline() {
		Turns<?, ?> outer = enterTurn();
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
	@Override
	boolean startIn(Envelope signal, Thread current) {
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
			ActorRegistryException ended = dispatcher.registry.startsEnded(this.key);
			if (ended != null) {
				throw ended;
			}
			instance = dispatcher.instances.create(this);
			ended = dispatcher.registry.startsEnded(this.key);
			if (ended != null) {
				// the drain began to stop every actor while this one was starting
				this.actor = instance;
				dispatcher.instances.end(this, StopReason.DRAINED);
				this.actor = null;
				throw ended;
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
		if (claimLeaving(LEAVING, 0) < 0) {
			return; // expired meanwhile: its expirer took the mailbox over
		}
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
		int observed = claimLeaving(PHASE | LEAVING | INSTALLED, STARTING | INSTALLED);
		if (observed < 0) {
			return false;
		}
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
		return isExpirable() && this.dispatcher.clock.nanoTime() - this.startedAt - timeoutNanos > 0;
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
		if (close(Envelope.stop(StopReason.FAILED), false) != REFUSED_CLOSED && isInstalled()) {
			this.dispatcher.registry.actorClosed();
		}
	}

	/** Take a message of a retired successor, behind those this one accepted. */
	private void adopt(Envelope message) {
		message.offeredTo(this);
		requeueCounted(message);
	}

	/**
	 * The activation this one waits for before it can start: its predecessor, if it is a
	 * successor not installed yet.
	 */
	@Nullable Activation<?, ?> predecessor() {
		if (phase() != STARTING || isInstalled()) {
			return null;
		}
		return this.dispatcher.registry.predecessorOf(this);
	}

	// reads for the registry and its monitors

	long startedAt() {
		return this.startedAt;
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
