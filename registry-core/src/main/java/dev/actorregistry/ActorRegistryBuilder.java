package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.internal.ClusterConfig;
import dev.actorregistry.internal.DefaultActorRegistry;
import dev.actorregistry.internal.DurableSendsConfig;
import dev.actorregistry.internal.RegistryConfig;
import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.invocation.InvocationRouter;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.reminder.ReminderStore;

/**
 * Builds an {@link ActorRegistry}. Obtain one from {@link ActorRegistry#builder}. The
 * defaults: actors never passivate when idle, no limit on live actors, unbounded
 * mailboxes, {@link FailurePolicy#RESUME}, a shared fork-join executor, the system clock,
 * a 30 second drain timeout for {@link ActorRegistry#close()}, and no state store.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
public final class ActorRegistryBuilder<K, A> {

	/** How long an ask waits for its answer by default: 30 seconds. */
	public static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofSeconds(30);

	/** How long a start may take by default: 30 seconds. */
	public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * The heap each live actor is budgeted by the default {@link #maxActive(int) working
	 * set bound}: 64 KiB, for an actor of a few kilobytes and its share of the map, its
	 * mailbox and its state's serialized copy, leaving most of the heap to the
	 * application.
	 */
	public static final long DEFAULT_HEAP_PER_ACTOR = 64 * 1024;

	/** The least {@link #defaultMaxActive() default working set bound}: 10,000 actors. */
	public static final int MIN_DEFAULT_MAX_ACTIVE = 10_000;

	private final String name;

	private final Class<K> keyType;

	private final ActorFactory<K, A> factory;

	private Duration idleTimeout = Duration.ZERO;

	private int maxActive = defaultMaxActive();

	private int mailboxCapacity;

	private FailurePolicy failurePolicy = FailurePolicy.RESUME;

	private @Nullable Executor executor;

	private @Nullable ScheduledExecutorService scheduler;

	private RegistryClock clock = RegistryClock.system();

	private RegistryListener listener = RegistryListener.NONE;

	private Duration drainTimeout = Duration.ofSeconds(30);

	private Duration askTimeout = DEFAULT_ASK_TIMEOUT;

	private Duration startTimeout = DEFAULT_START_TIMEOUT;

	private @Nullable StateStore stateStore;

	private @Nullable StateCodec stateCodec;

	private Duration snapshotInterval = Duration.ZERO;

	private boolean writeThrough;

	private @Nullable ReminderStore reminderStore;

	private ReminderSettings reminderSettings = ReminderSettings.DEFAULTS;

	private @Nullable Function<String, K> keyParser;

	private @Nullable Topics topics;

	private final List<TopicSubscription<K, A>> subscriptions = new ArrayList<>();

	private @Nullable ContextPropagator contextPropagator;

	private BooleanSupplier callerRuns = () -> true;

	private @Nullable InvocationCodec invocationCodec;

	private @Nullable InvocationRouter invocationRouter;

	private @Nullable ClusterConfig cluster;

	ActorRegistryBuilder(String name, Class<K> keyType, ActorFactory<K, A> factory) {
		Objects.requireNonNull(name, "A registry needs a name");
		if (name.isBlank()) {
			throw new IllegalArgumentException("A registry needs a name that is not blank");
		}
		this.name = name;
		this.keyType = Objects.requireNonNull(keyType, () -> message("keyType must not be null"));
		this.factory = Objects.requireNonNull(factory, () -> message("factory must not be null"));
	}

	/**
	 * Passivate actors idle longer than this: time since their mailbox last became empty.
	 * @param idleTimeout a positive duration, or zero to never passivate idle actors
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> idleTimeout(Duration idleTimeout) {
		this.idleTimeout = requireNotNegative("idleTimeout", idleTimeout);
		return this;
	}

	/**
	 * Keep at most this many live actors: starting one more passivates the least recently
	 * active idle actors, down to a sixteenth below the limit, so a stream of new keys
	 * pays for one look at the live actors every so many starts rather than at each. When
	 * every actor is busy the limit is exceeded rather than refusing work, and enforced
	 * again at the next start. The default, {@link #defaultMaxActive()}, is derived from
	 * the heap, so requests for ever new keys cannot exhaust memory.
	 * @param maxActive a positive limit, or zero for none
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> maxActive(int maxActive) {
		this.maxActive = requireNotNegative("maxActive", maxActive);
		return this;
	}

	/**
	 * The working set bound a registry has unless told otherwise: the JVM's maximum heap
	 * divided by {@link #DEFAULT_HEAP_PER_ACTOR}, and at least
	 * {@link #MIN_DEFAULT_MAX_ACTIVE}. A heap of 1 GiB gives 16,384 actors, 8 GiB
	 * 131,072. It is per registry: an application with several registries of large actors
	 * should set each one's bound itself.
	 * @return the default bound
	 */
	public static int defaultMaxActive() {
		long derived = Runtime.getRuntime().maxMemory() / DEFAULT_HEAP_PER_ACTOR;
		return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_DEFAULT_MAX_ACTIVE, derived));
	}

	/**
	 * Bound each actor's mailbox: a message over capacity is refused at once with a
	 * {@link MailboxFullException}. The running message counts, and with
	 * {@link #writeThrough}, so does each message that ran until its group is saved.
	 * @param mailboxCapacity a positive capacity, or zero for unbounded
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> mailboxCapacity(int mailboxCapacity) {
		this.mailboxCapacity = requireNotNegative("mailboxCapacity", mailboxCapacity);
		return this;
	}

	/**
	 * What to do with an actor whose message threw.
	 * @param failurePolicy the policy
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> failurePolicy(FailurePolicy failurePolicy) {
		this.failurePolicy = Objects.requireNonNull(failurePolicy, () -> message("failurePolicy must not be null"));
		return this;
	}

	/**
	 * The executor registries run turns on unless given one: a fork-join pool shared by
	 * every registry in the JVM, one daemon thread per core, in FIFO (async) mode, whose
	 * threads keep the turn they run in a field of their own rather than a thread-local.
	 * Nobody shuts it down.
	 * @return the shared executor
	 */
	public static Executor defaultExecutor() {
		return DefaultActorRegistry.defaultExecutor();
	}

	/**
	 * Where actors run their turns. The registry never shuts it down. By default, a
	 * fork-join pool shared by every registry, one thread per core
	 * ({@link #defaultExecutor()}).
	 * @param executor the executor; for actors that block, a virtual-thread executor or a
	 * bounded pool
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> executor(Executor executor) {
		this.executor = Objects.requireNonNull(executor, () -> message("executor must not be null"));
		return this;
	}

	/**
	 * Where the registry runs its periodic idle sweep. The registry never shuts it down.
	 * By default, one daemon thread shared by every registry.
	 * @param scheduler the scheduler
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> scheduler(ScheduledExecutorService scheduler) {
		this.scheduler = Objects.requireNonNull(scheduler, () -> message("scheduler must not be null"));
		return this;
	}

	/**
	 * The source of time for idle timeouts, timestamps and timings.
	 * @param clock the clock
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> clock(RegistryClock clock) {
		this.clock = Objects.requireNonNull(clock, () -> message("clock must not be null"));
		return this;
	}

	/**
	 * Receives every lifecycle and message event.
	 * @param listener the listener
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> listener(RegistryListener listener) {
		this.listener = Objects.requireNonNull(listener, () -> message("listener must not be null"));
		return this;
	}

	/**
	 * How long {@link ActorRegistry#close()} lets queued work run.
	 * @param drainTimeout a duration, zero to abandon queued work at once
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> drainTimeout(Duration drainTimeout) {
		this.drainTimeout = requireNotNegative("drainTimeout", drainTimeout);
		return this;
	}

	/**
	 * How long an ask waits for its answer, from when its caller first waits for it
	 * (joins, gets, or builds a stage on it), unless it is given a timeout of its own:
	 * then its future fails with an {@link AskTimeoutException}, and its message does not
	 * run if it had not started. Nothing is scheduled for an ask nobody waits on.
	 * @param askTimeout a positive duration; 30 seconds by default
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> askTimeout(Duration askTimeout) {
		this.askTimeout = requirePositive("askTimeout", askTimeout);
		return this;
	}

	/**
	 * How long a start may take: the factory, the state load and {@code onStart}. A start
	 * that takes longer is expired: callers waiting for it and messages sent to it fail
	 * with an {@link ActorStartException}, the key is free again, and the instance is
	 * destroyed if its start ever ends.
	 * @param startTimeout a positive duration; 30 seconds by default
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> startTimeout(Duration startTimeout) {
		this.startTimeout = requirePositive("startTimeout", startTimeout);
		return this;
	}

	/**
	 * Persist the state of actors that implement {@link PersistentActor}: loaded when an
	 * actor starts, saved when it stops, and as {@link #snapshotInterval} and
	 * {@link #writeThrough} say.
	 * @param store where states are kept
	 * @param codec turns states into bytes and back
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> stateStore(StateStore store, StateCodec codec) {
		this.stateStore = Objects.requireNonNull(store, () -> message("stateStore must not be null"));
		this.stateCodec = Objects.requireNonNull(codec, () -> message("stateCodec must not be null"));
		return this;
	}

	/**
	 * Also save each live persistent actor's state this often, if it changed: the most
	 * changes a crash can lose. Saves run on the actor's own turn.
	 * @param snapshotInterval a positive interval, or zero to save only when an actor
	 * stops (and after each message with {@link #writeThrough})
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> snapshotInterval(Duration snapshotInterval) {
		this.snapshotInterval = requireNotNegative("snapshotInterval", snapshotInterval);
		return this;
	}

	/**
	 * Save a persistent actor's state after the messages that changed it, before their
	 * senders get the replies: an acknowledged message is never lost. Messages that queue
	 * up while the actor runs are saved as a group (group commit): up to 64 applied one
	 * after another, their state saved once, and every reply completed only after that
	 * save has committed; if it fails, every reply of the group that would have succeeded
	 * fails with the {@code StateSaveException}. A message that throws keeps its own
	 * exception. With a {@link #mailboxCapacity bounded mailbox}, a message takes room
	 * until its group is saved.
	 * @param writeThrough whether to save after every message
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> writeThrough(boolean writeThrough) {
		this.writeThrough = writeThrough;
		return this;
	}

	/**
	 * Keep durable {@link Reminder reminders} of the actors in a store, fired with the
	 * {@link ReminderSettings#DEFAULTS default settings}. Actors receive their ticks by
	 * implementing {@link Remindable}.
	 * @param store where reminders are kept; registries sharing one fire each tick once
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> reminders(ReminderStore store) {
		return reminders(store, ReminderSettings.DEFAULTS);
	}

	/**
	 * Keep durable {@link Reminder reminders} of the actors in a store.
	 * @param store where reminders are kept; registries sharing one fire each tick once
	 * @param settings how they fire
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> reminders(ReminderStore store, ReminderSettings settings) {
		this.reminderStore = Objects.requireNonNull(store, () -> message("reminder store must not be null"));
		this.reminderSettings = Objects.requireNonNull(settings, () -> message("reminder settings must not be null"));
		return this;
	}

	/**
	 * How to read back keys that reminders keep as text. By default, the key type's own
	 * {@code valueOf(String)} or {@code fromString(String)}, which strings, the boxed
	 * integers, UUIDs and enums have.
	 * @param keyParser turns a key's {@link String#valueOf text} back into the key
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> keyParser(Function<String, K> keyParser) {
		this.keyParser = Objects.requireNonNull(keyParser, () -> message("keyParser must not be null"));
		return this;
	}

	/**
	 * The topics the actors subscribe to; give several registries the same to share them.
	 * By default the registry has topics of its own.
	 * @param topics from {@link Topics#create()}
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> topics(Topics topics) {
		this.topics = Objects.requireNonNull(topics, () -> message("topics must not be null"));
		return this;
	}

	/**
	 * Subscribe every actor of the registry to a topic.
	 * @param subscription the topic, the handler, and the keys to activate
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> subscribe(TopicSubscription<K, A> subscription) {
		this.subscriptions.add(Objects.requireNonNull(subscription, () -> message("subscription must not be null")));
		return this;
	}

	/**
	 * Carry each sender's thread context (MDC, trace, security context, ...) with its
	 * messages to their turns. By default nothing is carried, and turns run with whatever
	 * the executor's thread has.
	 * @param contextPropagator captures the context on the sender's thread and restores
	 * it around the turn
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> contextPropagator(ContextPropagator contextPropagator) {
		this.contextPropagator = Objects.requireNonNull(contextPropagator,
				() -> message("contextPropagator must not be null"));
		return this;
	}

	/**
	 * When a caller blocks on an ask's reply ({@code join()} or {@code get()} on the
	 * future) and its message is the next one of an idle actor, the registry runs that
	 * message on the caller's thread rather than wait for an executor's thread to run it
	 * and wake the caller: neither wake-up is on the caller's path any more. The message
	 * runs as an ordinary turn, one at a time with the actor's others, with the sender's
	 * context restored; what follows it goes back to the executor. It happens only with
	 * the {@link #defaultExecutor() default executor}, never on a thread that runs a turn
	 * already, and never while the actor starts or stops or the registry drains.
	 * <p>
	 * The turn sees the caller's own thread-locals besides those a
	 * {@link #contextPropagator context propagator} restores. This condition, asked on
	 * the caller's thread before each such turn, says where that must not happen: a
	 * thread that holds a database transaction, for instance, whose work the message
	 * would join. By default always; {@code () -> false} never runs a turn on a caller.
	 * @param mayRunHere whether the current (blocked) thread may run the turn
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> callerRuns(BooleanSupplier mayRunHere) {
		this.callerRuns = Objects.requireNonNull(mayRunHere, () -> message("callerRuns must not be null"));
		return this;
	}

	/**
	 * Let the actors send durably ({@link ActorContext#durable}) and receive durable
	 * sends. Needs a state store that {@link StateStore#keepsDurableSends keeps durable
	 * sends}, with write-through, so that each send is saved with the state change that
	 * made it and each applied send with the receiver's. The registry registers with the
	 * router to receive, delivers its actors' sends through it, and on start delivers
	 * what its actors' outboxes still hold.
	 * @param codec writes the arguments of sends and reads them back
	 * @param router carries sends between registries; give every registry that sends to
	 * or receives from this one the same router and the same store
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> durableSends(InvocationCodec codec, InvocationRouter router) {
		this.invocationCodec = Objects.requireNonNull(codec, () -> message("invocation codec must not be null"));
		this.invocationRouter = Objects.requireNonNull(router, () -> message("invocation router must not be null"));
		return this;
	}

	/**
	 * Share the registry's keys with the other members of a cluster: each key's actor
	 * lives on the member that owns the key, and calls through the registry's typed
	 * interfaces ({@link ActorRegistry#client}) are carried to it. A lambda ({@code ask},
	 * {@code tell}, {@code call}) runs only for a key this member owns, and fails at once
	 * with {@link dev.actorregistry.cluster.ActorElsewhereException} for any other: it
	 * never starts a second actor for a key. Without this option the registry is this
	 * process's only.
	 * @param cluster the cluster engine's seam
	 * @param codec writes and reads the arguments and results of calls carried between
	 * members
	 * @return this builder
	 */
	public ActorRegistryBuilder<K, A> cluster(ActorCluster cluster, InvocationCodec codec) {
		this.cluster = new ClusterConfig(Objects.requireNonNull(cluster, () -> message("cluster must not be null")),
				Objects.requireNonNull(codec, () -> message("invocation codec must not be null")));
		return this;
	}

	/**
	 * Build the registry. It is running at once.
	 * @return the registry
	 */
	public ActorRegistry<K, A> build() {
		return new DefaultActorRegistry<>(new RegistryConfig<>(this.name, this.keyType, this.factory, this.idleTimeout,
				this.maxActive, this.mailboxCapacity, this.failurePolicy, this.executor, this.scheduler, this.clock,
				this.listener, this.drainTimeout, this.askTimeout, this.startTimeout, this.stateStore, this.stateCodec,
				this.snapshotInterval, this.writeThrough, this.reminderStore, this.reminderSettings, this.keyParser,
				List.copyOf(this.subscriptions), this.topics, this.contextPropagator, this.callerRuns, durableSends(),
				this.cluster));
	}

	private @Nullable DurableSendsConfig durableSends() {
		InvocationRouter router = this.invocationRouter;
		InvocationCodec codec = this.invocationCodec;
		if (router == null || codec == null) {
			return null;
		}
		StateStore store = this.stateStore;
		if (store == null || !store.keepsDurableSends() || !this.writeThrough) {
			String missing = (store == null) ? "it has no state store"
					: (!store.keepsDurableSends())
							? "its state store (" + store.getClass().getName() + ") does not keep durable sends"
							: "its states are not saved after every message";
			throw new IllegalStateException(message(
					"durable sends need a state store that keeps them, with " + "write-through, but " + missing));
		}
		return new DurableSendsConfig(codec, router);
	}

	private Duration requireNotNegative(String property, Duration value) {
		Objects.requireNonNull(value, () -> message(property + " must not be null"));
		if (value.isNegative()) {
			throw new IllegalArgumentException(message(property + " must be zero or positive, but was " + value));
		}
		return value;
	}

	private Duration requirePositive(String property, Duration value) {
		Objects.requireNonNull(value, () -> message(property + " must not be null"));
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(message(property + " must be positive, but was " + value));
		}
		return value;
	}

	private int requireNotNegative(String property, int value) {
		if (value < 0) {
			throw new IllegalArgumentException(
					message(property + " must be zero (no limit) or positive, but was " + value));
		}
		return value;
	}

	private String message(String problem) {
		return ActorRegistryException.describe(this.name, null, problem,
				"Correct the registry's configuration: the builder's call, or its properties");
	}

}
