package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRef;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ActorStartException;
import dev.actorregistry.ActorStoppedException;
import dev.actorregistry.AlreadyStartedException;
import dev.actorregistry.ChildCounts;
import dev.actorregistry.ChildInfo;
import dev.actorregistry.DrainReport;
import dev.actorregistry.KeyTooLongException;
import dev.actorregistry.RegistryClock;
import dev.actorregistry.RegistryClosedException;
import dev.actorregistry.RegistryDrainingException;
import dev.actorregistry.RegistrySettings;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.StopReason;
import dev.actorregistry.Topics;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.StateLoadException;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.Reminders;

/**
 * The registry: one {@link ConcurrentHashMap} from key to {@link Activation} is its only
 * index.
 * <p>
 * A start puts a {@code STARTING} activation in the map with {@code putIfAbsent}; its
 * start runs on the executor (or on the thread of a caller that waits for the ref
 * anyway), outside any lock, and messages sent meanwhile queue behind it. Callers of
 * other keys never wait. An activation leaves the map only after its actor stopped, and
 * before it turns {@code TERMINATED}, with {@code remove(key, activation)} so a newer one
 * is never removed, or with {@code replace} by its successor, which holds the messages
 * sent by key while it stopped.
 * <p>
 * It keeps that map, starts activations and sends by key; the rest it wires and hands
 * out: the {@link Dispatcher} its activations share, {@link Passivation}, {@link Drain},
 * {@link Children}, {@link DeclaredSubscriptions} and the {@link ReminderScheduler}. Its
 * activations call back into it only where the map or the count of active actors changes
 * (see {@link Activation}).
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
public final class DefaultActorRegistry<K, A> implements ActorRegistry<K, A>, RegistryMaintenance {

	private static final System.Logger logger = System.getLogger(DefaultActorRegistry.class.getName());

	private final RegistryConfig<K, A> config;

	/** What its activations share: the runtime a send and a turn read. */
	final Dispatcher<K, A> dispatcher;

	/**
	 * Every timer of every actor, on one wake-up: the dispatcher's, which actors reach.
	 */
	final TimerQueue timerQueue;

	private final ConcurrentHashMap<K, Activation<K, A>> activations = new ConcurrentHashMap<>();

	/**
	 * The activations waiting to take a key when its stopping activation is gone, by that
	 * activation: empty but while actors stop with messages sent to them by key.
	 */
	private final ConcurrentHashMap<Activation<K, A>, Activation<K, A>> successors = new ConcurrentHashMap<>();

	private final long startTimeoutNanos;

	private final AtomicInteger active = new AtomicInteger();

	private final @Nullable ScheduledFuture<?> idleSweep;

	/** The subscriptions declared for all its actors, as subscribers of the topics. */
	private final DeclaredSubscriptions<K, A> declaredSubscriptions;

	/** Fires durable reminders; null without a reminder store. */
	private final @Nullable ReminderScheduler<K> reminders;

	private final @Nullable ScheduledFuture<?> reminderPoll;

	/**
	 * The longest key text the state store keeps, checked before an actor is started for
	 * a key; {@link Integer#MAX_VALUE} without a store.
	 */
	private final int maxKeyLength;

	private final @Nullable ScheduledFuture<?> snapshotSweep;

	private final Passivation<K, A> passivation;

	private final Children<K, A> children;

	private final Drain<K, A> drain;

	/**
	 * How often a clustered registry reads its outbox again, for the senders that came to
	 * this member with sends undelivered.
	 */
	private static final Duration OUTBOX_RESCAN = Duration.ofSeconds(30);

	/**
	 * How long a partition gained from a live member waits for that member to release it.
	 */
	private static final Duration HAND_OFF_TIMEOUT = Duration.ofSeconds(10);

	/** How often a clustered registry looks for live actors whose keys moved away. */
	private static final Duration MOVED_SWEEP = Duration.ofSeconds(1);

	/** Routes calls by key to the members that own the keys; null outside a cluster. */
	private final @Nullable ClusterCalls<K, A> clusterCalls;

	/** The hand-off barrier of partitions this member gains; null outside a cluster. */
	private @Nullable HandOffs handOffs;

	/** Receives durable sends; null if the registry does not. */
	private final @Nullable DurableReceipts<K, A> receipts;

	/**
	 * Create a running registry.
	 * @param config its settings
	 */
	public DefaultActorRegistry(RegistryConfig<K, A> config) {
		this.config = config;
		this.dispatcher = new Dispatcher<>(this, config);
		this.timerQueue = this.dispatcher.timerQueue;
		this.startTimeoutNanos = Deadlines.nanos(config.startTimeout());
		this.passivation = new Passivation<>(this.activations.values(), this.active::get, this.dispatcher,
				config.idleTimeout(), config.maxActive());
		this.children = new Children<>(this.activations, this.dispatcher.clock);
		this.drain = new Drain<>(this.activations.values(), this.dispatcher, this::quiesce,
				this::endDeclaredSubscriptions);
		this.maxKeyLength = (config.stateStore() != null) ? config.stateStore().maxKeyLength() : Integer.MAX_VALUE;
		this.reminders = (config.reminderStore() != null) ? new ReminderScheduler<>(this.dispatcher,
				config.reminderStore(), config.reminderSettings(), KeyText.parser(config), instanceName()) : null;
		this.reminderPoll = (this.reminders != null)
				? schedulePeriodic("reminder poll", () -> this.dispatcher.executor.execute(this.reminders::poll),
						config.reminderSettings().pollInterval().toNanos())
				: null;
		this.declaredSubscriptions = new DeclaredSubscriptions<>(this, this.activations.values(),
				config.subscriptions());
		this.idleSweep = scheduleIdleSweep();
		this.snapshotSweep = scheduleSnapshotSweep();
		// before the first scan of the outbox, which must know which senders are this
		// member's
		this.clusterCalls = joinCluster(config);
		this.receipts = receiveDurably(config);
	}

	/** In a cluster, serve the calls other members route here. */
	private @Nullable ClusterCalls<K, A> joinCluster(RegistryConfig<K, A> config) {
		ClusterConfig cluster = config.cluster();
		if (cluster == null) {
			return null;
		}
		HandOffs handOffs = new HandOffs(name(), cluster.cluster(), HAND_OFF_TIMEOUT, this::releasePartition,
				this.dispatcher.listener);
		ClusterCalls<K, A> calls = new ClusterCalls<>(this, cluster, KeyText.parser(config),
				InvokedOperations.of(config), scheduler(), handOffs, this.dispatcher.listener);
		cluster.cluster().serve(name(), calls);
		cluster.cluster().serve(handOffs.service(), handOffs);
		this.handOffs = handOffs;
		handOffs.claimOwnedAtStart();
		// A moved key's actor leaves at once when the engine says, and at the latest by
		// the
		// next sweep when an event was missed; a gained partition waits for its release.
		cluster.cluster().onOwnershipChange(() -> {
			handOffs.ownershipChanged();
			this.dispatcher.executor.execute(this::passivateMoved);
		});
		schedulePeriodic("sweep of moved keys", this::passivateMoved, MOVED_SWEEP.toNanos());
		if (this.reminders != null) {
			this.reminders.fireOnly((key) -> cluster.cluster().placementOf(name(), key).local());
		}
		DurableDelivery delivery = this.dispatcher.delivery;
		if (delivery != null) {
			delivery.deliverOnly((send) -> cluster.cluster().placementOf(name(), send.senderKey()).local(),
					OUTBOX_RESCAN);
		}
		return calls;
	}

	/**
	 * In a cluster, stop the live actors whose keys this member no longer owns, each with
	 * its final save, so that their new owner loads what they last changed.
	 * @return how many were asked to stop
	 */
	public int passivateMoved() {
		ClusterCalls<K, A> calls = this.clusterCalls;
		if (calls == null || this.dispatcher.status() != RegistryStatus.RUNNING) {
			return 0;
		}
		int moved = 0;
		for (Activation<K, A> activation : this.activations.values()) {
			if (activation.isAlive() && !calls.ownsHere(activation.key)) {
				activation.requestStop(StopReason.MIGRATED, false);
				moved++;
			}
		}
		return moved;
	}

	/**
	 * A member that gained a partition from this one asks for it: stop the live actors of
	 * the partition, each with its final save.
	 * @return completes with how many stopped, once they did
	 */
	private CompletableFuture<Integer> releasePartition(int partition) {
		ClusterCalls<K, A> calls = this.clusterCalls;
		if (calls == null) {
			return CompletableFuture.completedFuture(0);
		}
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (Activation<K, A> activation : this.activations.values()) {
			// also one already stopping (its keys' move was reported here first): the new
			// owner must wait for its final save too
			if (calls.placementOf(activation.key).partition() == partition) {
				// asked for before the stop, as in stop(key)
				stops.add(activation.whenTerminated());
				activation.requestStop(StopReason.MIGRATED, false);
			}
		}
		return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).handle((done, failure) -> stops.size());
	}

	/**
	 * How calls by key reach the members that own the keys.
	 * @return them, or null outside a cluster
	 */
	public @Nullable ClusterCalls<K, A> clusterCalls() {
		return this.clusterCalls;
	}

	/**
	 * With durable sends, receive them through the router, and deliver what the actors'
	 * outboxes still hold from before.
	 */
	private @Nullable DurableReceipts<K, A> receiveDurably(RegistryConfig<K, A> config) {
		DurableSendsConfig durable = config.durableSends();
		DurableDelivery delivery = this.dispatcher.delivery;
		if (durable == null || delivery == null) {
			return null;
		}
		DurableReceipts<K, A> receipts = new DurableReceipts<>(this, KeyText.parser(config), durable.codec(),
				Objects.requireNonNull(this.dispatcher.persistence), InvokedOperations.of(config));
		durable.router().register(name(), receipts);
		delivery.start();
		return receipts;
	}

	/** Names this process in the leases it takes on reminders, unique per registry. */
	private static String instanceName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException | SecurityException ex) {
			host = "unknown-host";
		}
		return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
	}

	private @Nullable ScheduledFuture<?> scheduleIdleSweep() {
		long period = this.passivation.sweepPeriodNanos();
		return (period != 0) ? schedulePeriodic("idle sweep", this::passivateIdle, period) : null;
	}

	private @Nullable ScheduledFuture<?> scheduleSnapshotSweep() {
		long interval = this.config.snapshotInterval().toNanos();
		if (this.dispatcher.persistence == null || interval == 0) {
			return null;
		}
		return schedulePeriodic("snapshot sweep", this::requestSnapshots, interval);
	}

	private ScheduledExecutorService scheduler() {
		return (this.config.scheduler() != null) ? this.config.scheduler() : SharedThreads.scheduler();
	}

	private ScheduledFuture<?> schedulePeriodic(String what, Runnable task, long periodNanos) {
		return scheduler().scheduleWithFixedDelay(() -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				// a periodic task that throws is never run again: report and carry on
				logger.log(Level.WARNING, "Registry '" + name() + "': " + what + " failed", ex);
			}
		}, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public Reminders<K> reminders() {
		if (this.reminders == null) {
			throw new IllegalStateException("Registry '" + name() + "' has no reminder store, so it keeps no durable "
					+ "reminders; give its builder one (ActorRegistryBuilder.reminders), or use timers for reminders "
					+ "that need not outlive the actor");
		}
		return this.reminders;
	}

	@Override
	public Topics topics() {
		return this.dispatcher.topics;
	}

	@Override
	public int fireDueTimers() {
		return this.dispatcher.isRunning() ? this.timerQueue.fireDue() : 0;
	}

	@Override
	public int fireDueReminders() {
		return (this.reminders != null) ? this.reminders.fireDue() : 0;
	}

	@Override
	public int requestSnapshots() {
		int asked = 0;
		for (Activation<K, A> activation : this.activations.values()) {
			if (activation.requestSnapshot()) {
				asked++;
			}
		}
		return asked;
	}

	// identity

	@Override
	public String name() {
		return this.config.name();
	}

	@Override
	public Class<K> keyType() {
		return this.config.keyType();
	}

	@Override
	public RegistrySettings settings() {
		return new RegistrySettings(this.config.idleTimeout(), this.config.maxActive(), this.config.mailboxCapacity(),
				this.config.failurePolicy(), this.config.drainTimeout(), this.dispatcher.persistence != null,
				this.config.snapshotInterval(), this.dispatcher.writeThrough, this.config.askTimeout(),
				this.config.startTimeout());
	}

	@Override
	public RegistryStatus status() {
		return this.dispatcher.status();
	}

	// lookups and starts

	@Override
	public Optional<ActorRef<K, A>> lookup(K key) {
		this.dispatcher.requireKey(key);
		Activation<K, A> activation = this.activations.get(key);
		return (activation != null && activation.isAlive()) ? Optional.of(activation) : Optional.empty();
	}

	@Override
	public ActorRef<K, A> lookupOrStart(K key) {
		this.dispatcher.requireKey(key);
		return activate(key, false);
	}

	@Override
	public ActorRef<K, A> start(K key) {
		this.dispatcher.requireKey(key);
		return activate(key, true);
	}

	@Override
	public CompletableFuture<ActorRef<K, A>> lookupOrStartAsync(K key) {
		this.dispatcher.requireKey(key);
		return activateAsync(key, false);
	}

	@Override
	public CompletableFuture<ActorRef<K, A>> startAsync(K key) {
		this.dispatcher.requireKey(key);
		return activateAsync(key, true);
	}

	/**
	 * The live activation of {@code key}, started on this thread if there is none: waits
	 * for a start in progress, and for a stopping activation to be gone, up to the start
	 * timeout.
	 */
	private Activation<K, A> activate(K key, boolean exclusive) {
		long deadline = Deadlines.after(System.nanoTime(), this.startTimeoutNanos);
		Activation<K, A> mine = null;
		Activation<K, A> activation = this.activations.get(key);
		for (;;) {
			if (activation == null) {
				requireStartsAllowed(key);
				Activation<K, A> fresh = Activation.forMap(this.dispatcher, key, true, null);
				activation = this.activations.putIfAbsent(key, fresh);
				if (activation == null) {
					install(fresh);
					if (!fresh.startInline()) {
						throw fresh.startFailure();
					}
					return fresh;
				}
			}
			int phase = activation.phase();
			if (phase == Activation.STARTED && !activation.isClosed()) {
				if (exclusive && activation != mine) {
					throw new AlreadyStartedException(name(), activation);
				}
				return activation;
			}
			if (phase == Activation.STARTED) {
				if (activation.isOwnedByCurrentThread()) {
					throw new ActorStoppedException(name(), activation.key(), ActorStoppedException.Reason.STOPPED,
							"its own turn cannot wait for it to stop and start again", null);
				}
				requireStartsAllowed(key);
				Activation<K, A> fresh = new Activation<>(this.dispatcher, key, this.dispatcher.captureContext());
				Activation<K, A> successor = successorOf(activation, fresh);
				if (successor == fresh) {
					mine = fresh;
				}
				activation = (successor != null) ? successor : lookAgain(key, activation);
			}
			else if (phase == Activation.STARTING) {
				if (awaitStart(activation, deadline)) {
					continue; // started, or failed and thrown: look at it again
				}
				activation = lookAgain(key, activation);
			}
			else {
				activation = lookAgain(key, activation);
			}
		}
	}

	/**
	 * Wait for a start, up to the deadline; expire it if it is still running then.
	 * @return true if it started (or is stopping already), false if it never will and the
	 * key must be looked up again
	 * @throws ActorRegistryException if the start failed or timed out
	 */
	private boolean awaitStart(Activation<K, A> activation, long deadline) {
		if (activation.isOwnedByCurrentThread()) {
			throw new ActorStartException(name(), activation.key(),
					"its factory or onStart asked for the same key while starting it", null);
		}
		boolean left;
		try {
			left = activation.awaitLeaving(Activation.STARTING, deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ActorRegistryException(name(), activation.key(), "the wait for it to start was interrupted",
					"Call again if the thread is still meant to wait", ex);
		}
		if (!left) {
			if (!activation.isInstalled()) {
				throw new ActorStartException(name(), activation.key(),
						"its previous activation did not stop within the start timeout ("
								+ Duration.ofNanos(this.startTimeoutNanos) + "): it is still running a message",
						null);
			}
			activation.expireStart(startTimedOut(activation.key()));
			while (activation.phase() == Activation.STARTING && activation.isLeaving()) {
				// a failure or an expiry claimed it first and ends it in a few steps
				Thread.onSpinWait();
			}
		}
		if (activation.everStarted()) {
			return true;
		}
		if (activation.phase() == Activation.TERMINATED && activation.failure() == null) {
			return false; // a successor retired unstarted: its predecessor stayed live
		}
		throw activation.startFailure();
	}

	/**
	 * Like {@link #activate}, without blocking: the start runs on the executor.
	 */
	private CompletableFuture<ActorRef<K, A>> activateAsync(K key, boolean exclusive) {
		Activation<K, A> activation = this.activations.get(key);
		for (;;) {
			if (activation == null) {
				ActorRegistryException refusal = startsRefused(key);
				if (refusal != null) {
					return CompletableFuture.failedFuture(refusal);
				}
				Activation<K, A> fresh = Activation.forMap(this.dispatcher, key, false,
						this.dispatcher.captureContext());
				activation = this.activations.putIfAbsent(key, fresh);
				if (activation == null) {
					install(fresh);
					CompletableFuture<ActorRef<K, A>> started = whenStarted(fresh, exclusive, fresh);
					fresh.schedule();
					return started;
				}
			}
			int phase = activation.phase();
			if (phase == Activation.STARTED && !activation.isClosed()) {
				return exclusive ? CompletableFuture.failedFuture(new AlreadyStartedException(name(), activation))
						: CompletableFuture.completedFuture(activation);
			}
			if (phase == Activation.STARTED) {
				ActorRegistryException refusal = startsRefused(key);
				if (refusal != null) {
					return CompletableFuture.failedFuture(refusal);
				}
				Activation<K, A> fresh = new Activation<>(this.dispatcher, key, this.dispatcher.captureContext());
				Activation<K, A> successor = successorOf(activation, fresh);
				if (successor != null) {
					return whenStarted(successor, exclusive, fresh);
				}
				activation = lookAgain(key, activation);
			}
			else if (phase == Activation.STARTING) {
				return whenStarted(activation, exclusive, null);
			}
			else {
				activation = lookAgain(key, activation);
			}
		}
	}

	/**
	 * A future of an activation's start, failed if it takes longer than the start
	 * timeout.
	 */
	private CompletableFuture<ActorRef<K, A>> whenStarted(Activation<K, A> activation, boolean exclusive,
			@Nullable Activation<K, A> mine) {
		CompletableFuture<ActorRef<K, A>> started = activation.whenStarted().thenApply((ref) -> {
			if (exclusive && ref != mine) {
				throw new AlreadyStartedException(name(), ref);
			}
			return ref;
		});
		if (!started.isDone()) {
			ScheduledFuture<?> timeout = SharedThreads.scheduler().schedule(() -> {
				ActorStartException timedOut = startTimedOut(activation.key());
				activation.expireStart(timedOut);
				started.completeExceptionally(timedOut);
			}, this.startTimeoutNanos, TimeUnit.NANOSECONDS);
			started.whenComplete((ref, failure) -> timeout.cancel(false));
		}
		return started;
	}

	private ActorStartException startTimedOut(K key) {
		return new ActorStartException(name(), key, "it did not start within the start timeout ("
				+ Duration.ofNanos(this.startTimeoutNanos) + "): its factory, state load or onStart is still "
				+ "running, or the executor has not run it. Waiting callers and the messages sent to it fail; the "
				+ "instance is destroyed if its start ever ends", null);
	}

	/**
	 * The key's activation, read again after {@code seen} turned out to be leaving; spins
	 * while {@code seen} is still the one mapped, which lasts a few instructions.
	 */
	private @Nullable Activation<K, A> lookAgain(K key, Activation<K, A> seen) {
		Activation<K, A> current = this.activations.get(key);
		if (current == seen) {
			Thread.onSpinWait();
		}
		return current;
	}

	/** Put a new activation in the count; it is in the map now. */
	private void install(Activation<K, A> activation) {
		this.active.incrementAndGet();
		if (!activation.isInstalled()) {
			activation.installed(); // a successor
		}
	}

	/**
	 * The activation that takes the key once {@code stopping} is gone, attached here as
	 * {@code fresh} if there is none yet.
	 * @return it, or null if {@code stopping} is leaving the map already: look again
	 */
	private @Nullable Activation<K, A> successorOf(Activation<K, A> stopping, Activation<K, A> fresh) {
		Activation<K, A> successor = this.successors.get(stopping);
		if (successor != null) {
			return successor;
		}
		// the leaving mark is read under the bin's lock, which leave's remove takes too
		return this.successors.computeIfAbsent(stopping, (activation) -> activation.isLeaving() ? null : fresh);
	}

	/**
	 * An activation claimed for leaving takes the key out of the map, or hands it to its
	 * successor, which is then installed and must be scheduled by the caller.
	 * @param leaving the activation leaving
	 * @param startFailure why it never started, or null if it did
	 * @return the successor to schedule, or null
	 */
	@Nullable Activation<K, A> leave(Activation<K, A> leaving, @Nullable ActorRegistryException startFailure) {
		Activation<K, A> successor = this.successors.remove(leaving);
		ActorRegistryException refusal = (successor != null) ? startsEnded(leaving.key()) : null;
		if (successor != null && refusal == null) {
			this.activations.replace(leaving.key(), leaving, successor);
			install(successor);
		}
		else {
			this.activations.remove(leaving.key(), leaving);
		}
		if (startFailure != null) {
			this.dispatcher.listener.actorStartFailed(name(), leaving.key(), startFailure);
		}
		if (successor != null && refusal != null) {
			// draining: the successor never starts, and its messages are refused, before
			// the drain sees this activation gone
			successor.refuse(refusal);
			return null;
		}
		return successor;
	}

	/** The successor a stopping activation that stays live takes back. */
	@Nullable Activation<K, A> takeSuccessor(Activation<K, A> stopping) {
		return this.successors.remove(stopping);
	}

	/** The stopping activation a successor waits for, if it is one. */
	@Nullable Activation<K, A> predecessorOf(Activation<?, ?> successor) {
		for (var entry : this.successors.entrySet()) {
			if (entry.getValue() == successor) {
				return entry.getKey();
			}
		}
		return null;
	}

	/**
	 * Why a start would be refused now.
	 * @return the refusal, or null while running
	 */
	private @Nullable ActorRegistryException startsRefused(K key) {
		// First: a key the store can never keep is refused whatever the status, since a
		// retry elsewhere cannot help either.
		KeyTooLongException tooLong = KeyText.tooLong(name(), key, this.maxKeyLength);
		if (tooLong != null) {
			return tooLong;
		}
		RegistryStatus current = this.dispatcher.status();
		if (current == RegistryStatus.DRAINING) {
			return new RegistryDrainingException(name(), key);
		}
		if (current == RegistryStatus.STOPPED) {
			return new RegistryClosedException(name(), key);
		}
		// in a cluster, only the key's owner starts its actor: never a second one
		return (this.clusterCalls != null) ? this.clusterCalls.elsewhere(key) : null;
	}

	private void requireStartsAllowed(K key) {
		ActorRegistryException refusal = startsRefused(key);
		if (refusal != null) {
			throw refusal;
		}
	}

	/**
	 * Why a start asked for earlier may no longer finish: a drain lets the starts and
	 * successors that hold accepted messages finish, until it begins to stop every actor.
	 * @return the refusal, or null if it may finish
	 */
	@Nullable ActorRegistryException startsEnded(K key) {
		return (this.drain.isStoppingAll() || this.dispatcher.status() == RegistryStatus.STOPPED) ? startsRefused(key)
				: null;
	}

	/** A final save failed, so the actor stays live: it counts as active again. */
	void actorReopened(K key, StopReason reason) {
		this.active.incrementAndGet();
		logger.log(Level.WARNING,
				"Registry '" + name() + "': actor '" + ActorRegistryException.keyText(key)
						+ "' stays live instead of stopping (" + reason
						+ ") because its state could not be saved; a later stop tries again.");
	}

	/** An activation's mailbox was closed: it no longer counts as active. */
	void actorClosed() {
		this.active.decrementAndGet();
	}

	/**
	 * An activation started: passivate others if more than the max-active limit are live.
	 */
	void evictIfOverLimit(Activation<K, A> started) {
		this.passivation.evictIfOverLimit(started);
	}

	// stopping

	@Override
	public CompletableFuture<Void> stop(K key) {
		this.dispatcher.requireKey(key);
		Activation<K, A> activation = this.activations.get(key);
		if (activation == null) {
			return CompletableFuture.completedFuture(null);
		}
		// Asked for before the stop: its turn may run at once and, if the final save
		// fails, reopen the actor before this call could otherwise hand the future out. A
		// starting actor starts, runs what it accepted, then stops.
		CompletableFuture<Void> terminated = activation.whenTerminated();
		activation.requestStop(StopReason.STOPPED, false);
		return terminated;
	}

	@Override
	public int passivateIdle() {
		return this.passivation.passivateIdle();
	}

	// sending by key

	@Override
	public <R> CompletableFuture<R> ask(K key, Function<? super A, ? extends R> message) {
		return ask(key, message, this.dispatcher.askTimeoutNanos);
	}

	@Override
	public <R> CompletableFuture<R> ask(K key, Function<? super A, ? extends R> message, Duration timeout) {
		return ask(key, message, this.dispatcher.requireTimeout(key, timeout));
	}

	@Override
	public <R> R call(K key, Function<? super A, ? extends R> message) {
		this.dispatcher.requireKey(key);
		this.dispatcher.requireMessage(key, message);
		Reply<R> reply = new Reply<>(this.dispatcher.askTimeoutNanos);
		reply.willBeAwaitedBySender();
		ActorRegistryException refusal = sendByKey(key, Envelope.ask(message, reply, this.dispatcher.captureContext()));
		if (refusal != null) {
			throw refusal;
		}
		try {
			return reply.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException thrown) {
				throw thrown;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private <R> CompletableFuture<R> ask(K key, Function<? super A, ? extends R> message, long timeoutNanos) {
		this.dispatcher.requireKey(key);
		this.dispatcher.requireMessage(key, message);
		Reply<R> reply = new Reply<>(timeoutNanos);
		ActorRegistryException refusal = sendByKey(key, Envelope.ask(message, reply, this.dispatcher.captureContext()));
		if (refusal != null) {
			reply.completeExceptionally(refusal);
		}
		return reply;
	}

	@Override
	public <R> CompletableFuture<R> askAsync(K key, Function<? super A, ? extends CompletionStage<R>> message) {
		return askRouted(key, message, this.dispatcher.askTimeoutNanos, true, Interleaving.NONE);
	}

	@Override
	public <R> CompletableFuture<R> askAsync(K key, Function<? super A, ? extends CompletionStage<R>> message,
			Duration timeout) {
		return askRouted(key, message, this.dispatcher.requireTimeout(key, timeout), true, Interleaving.NONE);
	}

	/**
	 * An ask of a typed proxy's operation, with the registry's ask timeout.
	 * @param key the key
	 * @param message the operation's call; with {@code async}, it returns a stage
	 * @param async whether the message is an async turn, which lasts until its stage
	 * completes ({@link #askAsync})
	 * @param interleaving whether it may run while the actor is suspended in an async
	 * turn
	 * @param <R> the result type
	 * @return the future result: the stage's, for an async turn
	 */
	public <R> CompletableFuture<R> askRouted(K key, Function<? super A, ?> message, boolean async,
			Interleaving interleaving) {
		return askRouted(key, message, this.dispatcher.askTimeoutNanos, async, interleaving);
	}

	private <R> CompletableFuture<R> askRouted(K key, Function<? super A, ?> message, long timeoutNanos, boolean async,
			Interleaving interleaving) {
		this.dispatcher.requireKey(key);
		this.dispatcher.requireMessage(key, message);
		Reply<R> reply = new Reply<>(timeoutNanos, Routing.forSend(async, interleaving));
		ActorRegistryException refusal = sendByKey(key, Envelope.ask(message, reply, this.dispatcher.captureContext()));
		if (refusal != null) {
			reply.completeExceptionally(refusal);
		}
		return reply;
	}

	/**
	 * An ask sent by nobody, as a reminder's tick is: it carries no context, so its turn
	 * (and the start it may cause) runs with a fresh one whichever thread sends it.
	 */
	<R> CompletableFuture<R> askWithoutContext(K key, Function<? super A, ? extends R> message) {
		Reply<R> reply = new Reply<>(this.dispatcher.askTimeoutNanos);
		ActorRegistryException refusal = sendByKey(key, Envelope.ask(message, reply));
		if (refusal != null) {
			reply.completeExceptionally(refusal);
		}
		return reply;
	}

	@Override
	public void tell(K key, Consumer<? super A> message) {
		this.dispatcher.requireKey(key);
		this.dispatcher.requireMessage(key, message);
		ActorRegistryException refusal = sendByKey(key, Envelope.tell(message, this.dispatcher.captureContext()));
		if (refusal != null) {
			throw refusal;
		}
	}

	/**
	 * Deliver to the key's current activation, starting one if needed, or to the one that
	 * takes the key once the current one stopped. Never blocks: a start runs on the
	 * executor, and the message waits behind it.
	 * @return null if accepted, else the refusal, already counted and reported
	 */
	@Nullable ActorRegistryException sendByKey(K key, Envelope message) {
		// A started activation is offered the message without asking first whether it is
		// stopping: the offer says so, and reading its state word just before the offer
		// writes it would cost the producer a second transfer of that cache line.
		Activation<K, A> activation = this.activations.get(key);
		for (;;) {
			boolean created = false;
			if (activation == null) {
				ActorRegistryException refusal = startsRefused(key);
				if (refusal != null) {
					return this.dispatcher.rejected(key, refusal);
				}
				Activation<K, A> fresh = Activation.forMap(this.dispatcher, key, false, message.context());
				activation = this.activations.putIfAbsent(key, fresh);
				if (activation == null) {
					activation = fresh;
					install(fresh);
					created = true;
				}
			}
			int outcome = activation.offer(message);
			if (created) {
				// Scheduled once the message is in, so that a start that fails at once
				// fails this message too, rather than leave it to start another.
				activation.schedule();
			}
			if (outcome < Mailbox.REFUSED_CLOSED) {
				if (outcome == Mailbox.ACCEPTED_BEHIND_START && activation.isStartOverdue(this.startTimeoutNanos)) {
					// a start that never ends must not hold the key forever
					activation.expireStart(startTimedOut(key));
				}
				return null;
			}
			if (outcome == Mailbox.REFUSED_FULL) {
				return this.dispatcher.mailboxFull(key);
			}
			// Closed: stopping, so its successor takes the message; or gone, so look
			// again.
			Activation<K, A> current = this.activations.get(key);
			if (current != activation) {
				activation = current;
				continue;
			}
			ActorRegistryException refusal = startsRefused(key);
			if (refusal != null) {
				return this.dispatcher.rejected(key, refusal);
			}
			Activation<K, A> successor = successorOf(activation,
					new Activation<>(this.dispatcher, key, message.context()));
			activation = (successor != null) ? successor : lookAgain(key, activation);
		}
	}

	// monitoring

	@Override
	public int size() {
		return this.active.get();
	}

	@Override
	public List<ChildInfo<K, A>> whichChildren() {
		return this.children.whichChildren();
	}

	@Override
	public Optional<ChildInfo<K, A>> child(K key) {
		this.dispatcher.requireKey(key);
		return this.children.child(key);
	}

	@Override
	public ChildCounts countChildren() {
		return this.children.countChildren();
	}

	@Override
	public long pendingMessages() {
		return this.children.pendingMessages();
	}

	// draining

	@Override
	public void close() {
		drain(this.config.drainTimeout());
	}

	@Override
	public DrainReport drain(Duration timeout) {
		Objects.requireNonNull(timeout, () -> "Registry '" + name() + "': drain timeout must not be null");
		if (timeout.isNegative()) {
			throw new IllegalArgumentException(
					"Registry '" + name() + "': drain timeout must be zero or positive, but was " + timeout);
		}
		return this.drain.drain(Deadlines.nanos(timeout));
	}

	/** Stop the periodic work that would keep making more while the registry drains. */
	private void quiesce() {
		if (this.idleSweep != null) {
			// a passivated actor could not be started again while draining
			this.idleSweep.cancel(false);
		}
		if (this.snapshotSweep != null) {
			// every actor saves as it stops
			this.snapshotSweep.cancel(false);
		}
		// ticks would keep mailboxes from ever emptying; timers end with their actors
		this.timerQueue.stop();
		if (this.reminderPoll != null) {
			// ticks in flight still run; the next are fired after the restart
			this.reminderPoll.cancel(false);
		}
	}

	/**
	 * Every actor stopped: the declared subscriptions end with them, and durable sends
	 * are neither received nor delivered any more (the next start delivers what is left).
	 */
	private void endDeclaredSubscriptions() {
		this.declaredSubscriptions.end();
		DurableSendsConfig durable = this.config.durableSends();
		if (durable != null && this.receipts != null) {
			durable.router().unregister(name(), this.receipts);
		}
		if (this.dispatcher.delivery != null) {
			this.dispatcher.delivery.stop();
		}
		ClusterConfig cluster = this.config.cluster();
		if (cluster != null && this.clusterCalls != null) {
			cluster.cluster().stopServing(name(), this.clusterCalls);
		}
		if (cluster != null && this.handOffs != null) {
			cluster.cluster().stopServing(this.handOffs.service(), this.handOffs);
		}
	}

	/**
	 * The activation that holds a key now, for durable sends.
	 * @return it, or null if none does
	 */
	@Nullable Activation<K, A> activation(K key) {
		return this.activations.get(key);
	}

	/**
	 * The registry's state store.
	 * @return it, or null without one
	 */
	@Nullable StateStore stateStore() {
		return this.config.stateStore();
	}

	/**
	 * The registry's clock.
	 * @return the clock
	 */
	RegistryClock clock() {
		return this.dispatcher.clock;
	}

	/**
	 * The executor of registries given none: the fork-join pool every registry shares.
	 * @return the executor
	 */
	public static Executor defaultExecutor() {
		return SharedThreads.executor();
	}

	@Override
	public String toString() {
		return "ActorRegistry[" + name() + ", " + status() + ", " + size() + " active]";
	}

}
