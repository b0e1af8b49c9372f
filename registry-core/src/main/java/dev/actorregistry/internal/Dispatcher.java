package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ContextPropagator;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.MailboxFullException;
import dev.actorregistry.RegistryClock;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.Topics;
import dev.actorregistry.invocation.InvocationCodec;

/**
 * The runtime one registry's activations share, in one object each of them points to:
 * what a send and a turn read (executor, clock, listener, capacity, failure policy,
 * write-through, context propagation), where refusals and abandonments are counted and
 * reported, and the registry's status, which a run reads as it ends. Every read on the
 * path of a message is one hop from the activation.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
final class Dispatcher<K, A> {

	private static final System.Logger logger = System.getLogger(Dispatcher.class.getName());

	/** The registry whose activations these are, for the callbacks of their life. */
	final DefaultActorRegistry<K, A> registry;

	final String name;

	final Executor executor;

	/**
	 * Whether a caller about to block on a reply may run the actor's turn itself
	 * ({@link Turns#runForCaller}): only on the registry's own pool, whose threads carry
	 * nothing an actor could rely on. A configured executor may bound how many turns run
	 * at once, or give its threads something of their own, which a caller's thread would
	 * not have.
	 */
	final boolean callerMayRun;

	/**
	 * Asked on a blocked caller's thread before it runs a turn: false where that thread
	 * holds something a turn must not see.
	 */
	final BooleanSupplier callerRuns;

	final RegistryClock clock;

	final CompositeListener listener;

	/** Whether message timings are read at all: only when someone listens. */
	final boolean timed;

	/** Carries senders' thread context to turns; null to carry none. */
	final @Nullable ContextPropagator propagator;

	/** The mailbox capacity, zero for unbounded. */
	final int capacity;

	final FailurePolicy failurePolicy;

	/** Loads and saves the state of persistent actors; null without a state store. */
	final @Nullable StatePersistence persistence;

	/**
	 * Delivers the durable sends of this registry's actors; null if they do not send
	 * durably.
	 */
	final @Nullable DurableDelivery delivery;

	/** Writes and reads the arguments of durable sends; null without them. */
	final @Nullable InvocationCodec invocationCodec;

	/** Creates and ends actor instances. */
	final ActorInstances<K, A> instances;

	/** Whether persistent actors save after every message. */
	final boolean writeThrough;

	final long askTimeoutNanos;

	/** Every timer of every actor, on one wake-up. */
	final TimerQueue timerQueue;

	/** The topics its actors subscribe to. */
	final TopicBus topics;

	final LongAdder rejected = new LongAdder();

	final LongAdder abandoned = new LongAdder();

	final LongAdder processedWhileDraining = new LongAdder();

	private volatile RegistryStatus status = RegistryStatus.RUNNING;

	/** The thread waiting for the mailboxes to empty while draining, to wake. */
	private volatile @Nullable Thread drainer;

	Dispatcher(DefaultActorRegistry<K, A> registry, RegistryConfig<K, A> config) {
		this.registry = registry;
		this.name = config.name();
		this.executor = (config.executor() != null) ? config.executor() : SharedThreads.executor();
		this.callerMayRun = this.executor == SharedThreads.executor();
		this.callerRuns = config.callerRuns();
		this.clock = config.clock();
		this.listener = CompositeListener.of(config.listener());
		this.timed = config.listener() != RegistryListener.NONE;
		this.propagator = config.contextPropagator();
		this.capacity = config.mailboxCapacity();
		this.failurePolicy = config.failurePolicy();
		DurableSendsConfig durable = config.durableSends();
		this.invocationCodec = (durable != null) ? durable.codec() : null;
		this.delivery = (durable != null) ? new DurableDelivery(config.name(),
				Objects.requireNonNull(config.stateStore()), durable.router(), this.executor,
				(config.scheduler() != null) ? config.scheduler() : SharedThreads.scheduler(), this.listener) : null;
		DurableDelivery delivery = this.delivery;
		this.persistence = (config.stateStore() != null)
				? new StatePersistence(config.name(), config.stateStore(), Objects.requireNonNull(config.stateCodec()),
						this.clock, this.listener, (delivery != null) ? delivery::submit : null)
				: null;
		this.instances = new ActorInstances<>(config.name(), config.factory(), this.listener, this.persistence);
		this.writeThrough = this.persistence != null && config.writeThrough();
		this.askTimeoutNanos = Deadlines.nanos(config.askTimeout());
		this.timerQueue = new TimerQueue(config.name(), this.clock,
				(config.scheduler() != null) ? config.scheduler() : SharedThreads.scheduler());
		this.topics = topicBus(config);
	}

	private static TopicBus topicBus(RegistryConfig<?, ?> config) {
		Topics topics = config.topics();
		if (topics == null) {
			return new TopicBus();
		}
		if (topics instanceof TopicBus bus) {
			return bus;
		}
		throw new IllegalArgumentException("Registry '" + config.name()
				+ "': topics must come from Topics.create(), but was " + topics.getClass().getName());
	}

	// the registry's status

	RegistryStatus status() {
		return this.status;
	}

	boolean isRunning() {
		return this.status == RegistryStatus.RUNNING;
	}

	/**
	 * The registry begins to drain: from now on {@code drainer} is woken whenever a
	 * mailbox empties.
	 */
	void draining(Thread drainer) {
		this.drainer = drainer;
		this.status = RegistryStatus.DRAINING;
	}

	/** The drain no longer waits for mailboxes to empty. */
	void quietAwaited() {
		this.drainer = null;
	}

	void stopped() {
		this.status = RegistryStatus.STOPPED;
	}

	/**
	 * A run of an activation ended; while draining, count its messages.
	 * @param delivered the messages it ran
	 */
	void ranWhileDraining(int delivered) {
		if (delivered > 0 && this.status == RegistryStatus.DRAINING) {
			this.processedWhileDraining.add(delivered);
		}
	}

	/** A mailbox emptied: wake the drainer, if one waits. */
	void mailboxEmptied() {
		Thread waiting = this.drainer;
		if (waiting != null) {
			LockSupport.unpark(waiting);
		}
	}

	// refusals

	ActorRegistryException mailboxFull(Object key) {
		return rejected(key, new MailboxFullException(this.name, key, this.capacity));
	}

	/**
	 * Count and report a message refused.
	 * @return the refusal
	 */
	ActorRegistryException rejected(Object key, ActorRegistryException refusal) {
		this.rejected.increment();
		this.listener.messageRejected(this.name, key, refusal);
		return refusal;
	}

	/** Count and report a message accepted, then failed unrun. */
	void abandoned(Object key, ActorRegistryException abandonment) {
		this.abandoned.increment();
		this.listener.messageRejected(this.name, key, abandonment);
	}

	void logTellFailure(Object key, FailurePolicy policy, Throwable failure) {
		logger.log(Level.WARNING, "Registry '" + this.name + "': a message told to actor '"
				+ ActorRegistryException.keyText(key) + "' threw; policy " + policy + " applies", failure);
	}

	// context propagation

	/**
	 * The calling thread's context, to carry with a message or start it sends.
	 * @return it, or null without a propagator or with nothing to carry
	 */
	@Nullable Object captureContext() {
		ContextPropagator carrier = this.propagator;
		return (carrier != null) ? carrier.capture() : null;
	}

	/**
	 * Make a sender's context the current thread's for a turn. A propagator that fails is
	 * logged, and the turn runs without the context rather than not at all.
	 * @param carrier the registry's propagator
	 * @param context the context the message carries, or null for a fresh one
	 * @return the scope to give to {@link #leaveContext}, or null if none was entered
	 */
	ContextPropagator.@Nullable Scope enterContext(ContextPropagator carrier, @Nullable Object context) {
		try {
			return carrier.restore(context);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING,
					"Registry '" + this.name + "': the context propagator " + carrier.getClass().getName()
							+ " failed to restore a sender's context; the turn runs without it. "
							+ "A propagator must not throw.",
					ex);
			return null;
		}
	}

	/**
	 * Put back the thread's own context after a turn.
	 * @param scope from {@link #enterContext}, or null
	 */
	void leaveContext(ContextPropagator.@Nullable Scope scope) {
		if (scope == null) {
			return;
		}
		try {
			scope.close();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Registry '" + this.name + "': the context propagator failed to put back a "
					+ "thread's context after a turn. A propagator's scope must not throw.", ex);
		}
	}

	// argument checks

	void requireKey(@Nullable Object key) {
		if (key == null) {
			throw new NullPointerException("Registry '" + this.name + "': key must not be null; every actor has a key");
		}
	}

	void requireMessage(Object key, @Nullable Object message) {
		if (message == null) {
			throw new NullPointerException("Registry '" + this.name + "': message to actor '"
					+ ActorRegistryException.keyText(key) + "' must not be null; send a function");
		}
	}

	/**
	 * An ask's timeout, checked.
	 * @return it in nanoseconds
	 */
	long requireTimeout(Object key, @Nullable Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("Registry '" + this.name + "': the timeout of an ask to actor '"
					+ ActorRegistryException.keyText(key) + "' must be positive, but was " + timeout);
		}
		return Deadlines.nanos(timeout);
	}

}
