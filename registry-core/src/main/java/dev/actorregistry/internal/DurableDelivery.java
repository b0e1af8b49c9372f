package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.invocation.DeliveryOutcome;
import dev.actorregistry.invocation.InvocationRouter;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.StateStore;

/**
 * Delivers the durable sends of one registry's actors, once each save that made them has
 * committed: through the router to the receiver, then out of the sender's outbox (and the
 * receiver's inbox) once the receiver answered. A delivery that fails is tried again with
 * back-off, for as long as the registry runs; what is left when it stops stays in the
 * store, and the next start delivers it ({@link #start}).
 * <p>
 * One delivery of a send is under way at a time: a send is in {@link #inFlight} from its
 * first attempt until the store dropped it. That is what makes dropping the receiver's
 * record safe: no later delivery of the send can come after it.
 */
final class DurableDelivery {

	private static final System.Logger logger = System.getLogger(DurableDelivery.class.getName());

	/** The most sends read from the outbox at once, on start. */
	static final int SCAN_LIMIT = 10_000;

	private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final String registry;

	private final StateStore store;

	private final InvocationRouter router;

	private final Executor executor;

	private final ScheduledExecutorService scheduler;

	private final CompositeListener listener;

	/** The ids of the sends being delivered, from their first attempt to their end. */
	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	/**
	 * The ids of sends delivered while a scan of the outbox runs, so that a scan that
	 * read a send before it was delivered does not deliver it again; null between scans.
	 */
	private volatile @Nullable Set<String> deliveredDuringScan;

	private volatile boolean stopped;

	/**
	 * Which sends of the outbox this process delivers: in a cluster, those of the senders
	 * whose keys this member owns; else all.
	 */
	private volatile Predicate<DurableSend> ours = (send) -> true;

	DurableDelivery(String registry, StateStore store, InvocationRouter router, Executor executor,
			ScheduledExecutorService scheduler, CompositeListener listener) {
		this.registry = registry;
		this.store = store;
		this.router = router;
		this.executor = executor;
		this.scheduler = scheduler;
		this.listener = listener;
	}

	/**
	 * Deliver what the outbox holds, sends a previous run of the registry left: on the
	 * executor, so that a slow store does not hold up the registry's start.
	 */
	void start() {
		this.executor.execute(this::scan);
	}

	private void scan() {
		if (this.stopped) {
			return;
		}
		Set<String> delivered = ConcurrentHashMap.newKeySet();
		this.deliveredDuringScan = delivered;
		List<DurableSend> pending;
		try {
			pending = this.store.outbox(this.registry, SCAN_LIMIT);
		}
		catch (RuntimeException ex) {
			this.deliveredDuringScan = null;
			logger.log(Level.WARNING,
					"Registry '" + this.registry
							+ "': could not read the outbox of durable sends to deliver; trying again in 10 seconds",
					ex);
			this.scheduler.schedule(() -> this.executor.execute(this::scan), 10, TimeUnit.SECONDS);
			return;
		}
		Predicate<DurableSend> ours = this.ours;
		for (DurableSend send : pending) {
			if (!ours.test(send)) {
				continue;
			}
			// Claimed first, then checked: a delivery that ends meanwhile records its id
			// before it releases its claim, so either the claim fails or the check sees
			// it.
			if (!this.stopped && this.inFlight.add(send.id())) {
				if (delivered.contains(send.id())) {
					this.inFlight.remove(send.id());
				}
				else {
					attempt(send, 1);
				}
			}
		}
		this.deliveredDuringScan = null;
		if (pending.size() == SCAN_LIMIT) {
			// the rest once these are on their way
			this.scheduler.schedule(() -> this.executor.execute(this::scan), 1, TimeUnit.SECONDS);
		}
	}

	/**
	 * In a cluster: deliver from the outbox only the sends of senders this member owns,
	 * and read the outbox again every {@code period}, for the senders whose keys came
	 * here from a member that left before it delivered their sends.
	 * @param ours whether this member delivers a send
	 * @param period how often to read the outbox again
	 */
	void deliverOnly(Predicate<DurableSend> ours, Duration period) {
		this.ours = ours;
		this.scheduler.scheduleWithFixedDelay(() -> {
			if (!this.stopped) {
				this.executor.execute(this::scan);
			}
		}, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Sends a save stored: deliver each. */
	void submit(List<DurableSend> sends) {
		for (DurableSend send : sends) {
			this.listener.durableSent(this.registry, send);
			submit(send);
		}
	}

	private void submit(DurableSend send) {
		if (!this.stopped && this.inFlight.add(send.id())) {
			attempt(send, 1);
		}
	}

	private void attempt(DurableSend send, int attempt) {
		if (this.stopped) {
			// left in the outbox for the next start
			this.inFlight.remove(send.id());
			return;
		}
		try {
			this.router.deliver(send)
				.whenCompleteAsync((outcome, failure) -> answered(send, attempt, outcome, failure), this.executor);
		}
		catch (RuntimeException ex) {
			answered(send, attempt, null, ex);
		}
	}

	private void answered(DurableSend send, int attempt, @Nullable DeliveryOutcome outcome,
			@Nullable Throwable failure) {
		if (failure == null && outcome != null) {
			try {
				this.store.delivered(send);
			}
			catch (RuntimeException ex) {
				// delivered again later, and answered from the receiver's record
				failure = ex;
			}
			if (failure == null) {
				Set<String> scanning = this.deliveredDuringScan;
				if (scanning != null) {
					scanning.add(send.id());
				}
				this.inFlight.remove(send.id());
				this.router.delivered(send);
				this.listener.durableDelivered(this.registry, send, outcome, attempt);
				return;
			}
		}
		Throwable cause = (failure != null) ? failure : new IllegalStateException("no outcome");
		this.listener.durableDeliveryFailed(this.registry, send, attempt, cause);
		long backoff = backoffNanos(attempt);
		logger.log((attempt == 1) ? Level.INFO : Level.DEBUG,
				() -> "Registry '" + this.registry + "': durable send " + send.id() + " from actor '"
						+ ActorRegistryException.keyText(send.senderKey()) + "' to " + send.receiverRegistry() + "/"
						+ ActorRegistryException.keyText(send.receiverKey()) + " not delivered (attempt " + attempt
						+ "); trying again in " + TimeUnit.NANOSECONDS.toMillis(backoff) + " ms",
				cause);
		try {
			this.scheduler.schedule(() -> this.executor.execute(() -> attempt(send, attempt + 1)), backoff,
					TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			// no scheduler any more: the next start delivers it
			this.inFlight.remove(send.id());
		}
	}

	/** 50 ms, doubling per attempt, at most 30 s, with up to a quarter of jitter. */
	static long backoffNanos(int attempt) {
		long backoff = FIRST_BACKOFF_NANOS << Math.min(attempt - 1, 20);
		backoff = Math.min(backoff, MAX_BACKOFF_NANOS);
		return backoff - (long) (backoff * 0.25 * Math.random());
	}

	/**
	 * Sends being delivered now.
	 * @return how many
	 */
	int inFlight() {
		return this.inFlight.size();
	}

	/**
	 * The registry drains: no new attempt starts; what is left waits for the next start.
	 */
	void stop() {
		this.stopped = true;
	}

}
