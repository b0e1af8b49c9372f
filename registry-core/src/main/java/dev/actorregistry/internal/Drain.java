package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorStartException;
import dev.actorregistry.ActorStoppedException;
import dev.actorregistry.DrainReport;
import dev.actorregistry.StopReason;

/**
 * Drains a registry, once: it stops what would keep making work, waits until no actor has
 * a message waiting or running, then stops every actor and waits for each to stop, each
 * step within the drain's timeout, and reports what ran, what was refused or abandoned,
 * and which states were lost.
 * <p>
 * Drain deadlines are real time, not the registry clock: they bound how long a caller
 * blocks, and a test clock that stands still must not make a drain wait forever.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
final class Drain<K, A> {

	private static final System.Logger logger = System.getLogger(Drain.class.getName());

	private final Collection<Activation<K, A>> activations;

	private final Dispatcher<K, A> dispatcher;

	/** Stops the periodic work that would make more: sweeps, timers, reminder polls. */
	private final Runnable quiesce;

	/** Ends what outlives the actors once they stopped: declared subscriptions. */
	private final Runnable stopped;

	/** Set when the drain begins to stop every actor: no start may finish after it. */
	private volatile boolean stoppingAll;

	private @Nullable DrainReport report;

	/**
	 * @param activations the registry's activations, a live view
	 * @param quiesce stops the periodic work that would make more
	 * @param stopped ends what outlives the actors once they stopped
	 */
	Drain(Collection<Activation<K, A>> activations, Dispatcher<K, A> dispatcher, Runnable quiesce, Runnable stopped) {
		this.activations = activations;
		this.dispatcher = dispatcher;
		this.quiesce = quiesce;
		this.stopped = stopped;
	}

	/** Whether the drain began to stop every actor: no start may finish now. */
	boolean isStoppingAll() {
		return this.stoppingAll;
	}

	/**
	 * Drain, unless a drain ran already: then its report.
	 * @param timeoutNanos how long queued work may run, and then how long actors may take
	 * to stop
	 * @return the report
	 */
	synchronized DrainReport drain(long timeoutNanos) {
		DrainReport drained = this.report;
		if (drained == null) {
			drained = drainNow(timeoutNanos);
			this.report = drained;
			this.dispatcher.listener.registryDrained(drained);
		}
		return drained;
	}

	private DrainReport drainNow(long timeoutNanos) {
		long begin = System.nanoTime();
		long rejectedBefore = this.dispatcher.rejected.sum();
		long abandonedBefore = this.dispatcher.abandoned.sum();
		this.quiesce.run();
		this.dispatcher.draining(Thread.currentThread());
		boolean quiet = awaitQuiet(Deadlines.after(begin, timeoutNanos));
		this.dispatcher.quietAwaited();
		long stopDeadline = Deadlines.after(System.nanoTime(), timeoutNanos);
		// final saves give up a little before the drain stops waiting, so a loss is
		// counted in this drain's report
		StatePersistence persistence = this.dispatcher.persistence;
		if (persistence != null) {
			persistence.retryUntil(stopDeadline - Math.min(timeoutNanos / 10, TimeUnit.MILLISECONDS.toNanos(500)));
		}
		this.stoppingAll = true;
		List<Activation<K, A>> stopping = stopAll(!quiet, stopDeadline, timeoutNanos);
		int stopped = 0;
		long stranded = 0;
		for (Activation<K, A> activation : stopping) {
			if (awaitQuietly(activation, Activation.STARTED, stopDeadline)) {
				stopped++;
			}
			else if (!quiet) {
				// Its messages are marked abandoned, and fail unrun once the message it
				// still runs ends, after this report: counted here, so none is silent.
				stranded += activation.waitingMessages();
			}
		}
		this.dispatcher.stopped();
		this.stopped.run();
		int notStopped = stopping.size() - stopped;
		if (notStopped > 0) {
			logger.log(Level.WARNING, "Registry '" + this.dispatcher.name + "': " + notStopped
					+ " actor(s) still ran a message when the drain's time was up; each stops when that message ends"
					+ ((stranded > 0) ? ", and the " + stranded + " message(s) queued behind them then fail unrun "
							+ "(counted as abandoned in the drain's report)" : ""));
		}
		return new DrainReport(this.dispatcher.name, Duration.ofNanos(System.nanoTime() - begin), stopped, notStopped,
				this.dispatcher.processedWhileDraining.sum(), this.dispatcher.rejected.sum() - rejectedBefore,
				this.dispatcher.abandoned.sum() - abandonedBefore + stranded,
				(persistence != null) ? persistence.statesLost() : 0);
	}

	/**
	 * Wait until no live actor has a message waiting or running. Actors may still send
	 * each other messages while draining, so a pass over the actors counts only if it
	 * found every one of them quiet without waiting.
	 */
	private boolean awaitQuiet(long deadline) {
		for (;;) {
			boolean waited = false;
			for (Activation<K, A> activation : this.activations) {
				// Woken whenever any mailbox empties, the drainer looks again at the one
				// it waits for, not at every actor from the first.
				while (activation.hasWork()) {
					long remaining = deadline - System.nanoTime();
					if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
						return false;
					}
					waited = true;
					// a wake-up that comes before the park is not lost
					LockSupport.parkNanos(this, remaining);
				}
			}
			if (!waited) {
				return true;
			}
		}
	}

	private List<Activation<K, A>> stopAll(boolean abandonWaiting, long deadline, long timeoutNanos) {
		List<Activation<K, A>> stopping = new ArrayList<>();
		for (Activation<K, A> activation : this.activations) {
			// a start still under way either fails on seeing the drain, or ends STARTED;
			// one that outlives the drain is expired, its messages refused
			if (!awaitQuietly(activation, Activation.STARTING, deadline)) {
				activation.expireStart(new ActorStartException(this.dispatcher.name, activation.key(),
						"it was still starting when the registry's drain timed out after "
								+ Duration.ofNanos(timeoutNanos),
						null));
			}
			if (activation.phase() != Activation.STARTED) {
				continue;
			}
			if (abandonWaiting) {
				activation.abandonWaiting(new ActorStoppedException(this.dispatcher.name, activation.key(),
						ActorStoppedException.Reason.DRAIN_TIMED_OUT, "drain timeout " + Duration.ofNanos(timeoutNanos),
						null));
			}
			activation.requestStop(StopReason.DRAINED, false);
			stopping.add(activation);
		}
		return stopping;
	}

	private static boolean awaitQuietly(Activation<?, ?> activation, int phase, long deadline) {
		try {
			return activation.awaitLeaving(phase, deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return activation.phase() != phase;
		}
	}

}
