package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.RegistryClock;

/**
 * Every timer of one registry, earliest due first, with one wake-up on the scheduler for
 * the earliest: a registry with a million timers holds one scheduled task, not a million.
 * Due times are readings of the registry's clock. Cancelled timers stay queued until
 * their due time and are dropped then.
 */
final class TimerQueue {

	private static final System.Logger logger = System.getLogger(TimerQueue.class.getName());

	/** How long cancelling a timer waits for its tick under way on another thread. */
	static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

	private final String registry;

	private final RegistryClock clock;

	private final ScheduledExecutorService scheduler;

	/** Guarded by this. */
	private final PriorityQueue<ActorTimer> queue = new PriorityQueue<>(
			(a, b) -> Long.compare(a.dueNanos - b.dueNanos, 0));

	/** The pending wake-up and when it is due; guarded by this. */
	private @Nullable ScheduledFuture<?> wakeUp;

	private long wakeUpAt;

	private boolean stopped;

	private volatile long cancelWaitNanos = CANCEL_WAIT.toNanos();

	TimerQueue(String registry, RegistryClock clock, ScheduledExecutorService scheduler) {
		this.registry = registry;
		this.clock = clock;
		this.scheduler = scheduler;
	}

	RegistryClock clock() {
		return this.clock;
	}

	/**
	 * How long cancelling a timer waits for its tick under way on another thread: real
	 * time, not the registry's clock, as it bounds how long a caller blocks.
	 */
	long cancelWaitNanos() {
		return this.cancelWaitNanos;
	}

	/** For tests: a wait shorter than {@link #CANCEL_WAIT}. */
	void cancelWait(Duration wait) {
		this.cancelWaitNanos = wait.toNanos();
	}

	/**
	 * Queue a timer at its due time.
	 * @param timer a timer not in the queue
	 */
	synchronized void add(ActorTimer timer) {
		if (this.stopped) {
			timer.end();
			return;
		}
		this.queue.add(timer);
		if (this.queue.peek() == timer) {
			wakeUpFor(timer.dueNanos);
		}
	}

	/**
	 * Fire every timer that is due by the clock.
	 * @return how many fired
	 */
	int fireDue() {
		List<ActorTimer> ready = new ArrayList<>();
		synchronized (this) {
			long now = this.clock.nanoTime();
			for (ActorTimer head = this.queue.peek(); head != null
					&& head.dueNanos - now <= 0; head = this.queue.peek()) {
				ready.add(this.queue.poll());
			}
			if (this.wakeUp != null) {
				// Called from outside (fireDueTimers) the wake-up is still pending: left
				// alone it would fire for nothing, and orphan the one made next, so a
				// stale wake-up would stay scheduled for good. Cancelling the wake-up
				// that is running this call does nothing.
				this.wakeUp.cancel(false);
				this.wakeUp = null;
			}
			ActorTimer next = this.queue.peek();
			if (next != null) {
				wakeUpFor(next.dueNanos);
			}
		}
		int fired = 0;
		for (ActorTimer timer : ready) {
			if (timer.fire()) {
				fired++;
			}
		}
		return fired;
	}

	/** No timer fires from now on: the registry is draining. */
	synchronized void stop() {
		this.stopped = true;
		if (this.wakeUp != null) {
			this.wakeUp.cancel(false);
			this.wakeUp = null;
		}
		this.queue.forEach(ActorTimer::end);
		this.queue.clear();
	}

	private void wakeUpFor(long dueNanos) {
		if (this.wakeUp != null) {
			if (this.wakeUpAt - dueNanos <= 0) {
				return;
			}
			this.wakeUp.cancel(false);
		}
		long delay = Math.max(0, dueNanos - this.clock.nanoTime());
		this.wakeUpAt = dueNanos;
		this.wakeUp = this.scheduler.schedule(this::wake, delay, TimeUnit.NANOSECONDS);
	}

	private void wake() {
		try {
			fireDue();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Registry '" + this.registry + "': firing due timers failed", ex);
		}
	}

}
