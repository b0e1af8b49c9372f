package dev.actorregistry.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.Timer;
import dev.actorregistry.TimerSchedule;

/**
 * One timer of one activation. It is its own tick message: when due it is put in the
 * actor's mailbox, and runs its action on the actor's turn. At most one tick of a timer
 * waits in the mailbox at a time, so a busy actor never collects a backlog of ticks.
 */
final class ActorTimer extends Registration implements Timer, Consumer<Object> {

	private final ActorTimers owner;

	private final String name;

	private final TimerSchedule schedule;

	private final Runnable tick;

	private final long periodNanos;

	/** When it is due next, by the registry's clock; written while out of the queue. */
	long dueNanos;

	/** Whether a tick waits in the mailbox. */
	private final AtomicBoolean queued = new AtomicBoolean();

	ActorTimer(ActorTimers owner, String name, TimerSchedule schedule, Runnable tick, long now) {
		this.owner = owner;
		this.name = name;
		this.schedule = schedule;
		this.tick = tick;
		Duration period = schedule.period();
		this.periodNanos = (period != null) ? saturatedNanos(period) : 0;
		this.dueNanos = now + saturatedNanos(schedule.initialDelay());
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	void forget() {
		this.owner.forget(this);
	}

	boolean keepsAlive() {
		return this.schedule.keepAlive();
	}

	/**
	 * It is due: queue a tick, unless one is still waiting, and for a fixed rate queue
	 * the timer again at its next due time. Off the actor's turn.
	 * @return whether a tick was queued
	 */
	boolean fire() {
		if (!isActive()) {
			return false;
		}
		if (this.schedule.fixedRate()) {
			long now = this.owner.queue().clock().nanoTime();
			long next = this.dueNanos + this.periodNanos;
			if (next - now <= 0) {
				// late by a period or more: the next tick keeps to the rate's phase
				next = now + this.periodNanos - Math.floorMod(now - this.dueNanos, this.periodNanos);
			}
			this.dueNanos = next;
			this.owner.queue().add(this);
		}
		if (!this.queued.compareAndSet(false, true)) {
			return false;
		}
		if (!this.owner.offerTick(this)) {
			// the actor is stopping; its timers end with it
			this.queued.set(false);
			return false;
		}
		return true;
	}

	/** The tick, on the actor's turn. */
	@Override
	public void accept(@Nullable Object actor) {
		this.queued.set(false);
		boolean single = this.periodNanos == 0;
		// One step checks it is active and begins the tick: a cancel either comes first,
		// and no tick runs, or finds this one under way and waits for its end. A single
		// tick ends its timer as it begins, so the tick may start one of the same name.
		if (!beginTurn(single)) {
			return;
		}
		try {
			this.tick.run();
		}
		finally {
			try {
				if (single) {
					forget();
				}
				else if (!this.schedule.fixedRate() && isActive()) {
					this.dueNanos = this.owner.queue().clock().nanoTime() + this.periodNanos;
					this.owner.queue().add(this);
				}
			}
			finally {
				endTurn();
			}
		}
	}

	/**
	 * Cancel it: once this returns, no tick of it runs, on any thread.
	 * @throws dev.actorregistry.ActorRegistryException if a tick under way on another
	 * thread did not end in time; the timer is cancelled all the same
	 */
	@Override
	public boolean cancel() {
		boolean ended = super.cancel();
		awaitTickEnd();
		return ended;
	}

	/**
	 * Once it has ended, wait for a tick under way on another thread to end.
	 * @throws dev.actorregistry.ActorRegistryException if the tick does not end within
	 * the registry's wait, or the wait is interrupted
	 */
	void awaitTickEnd() {
		awaitTurnEnd(this.owner.activation(), this.owner.queue().cancelWaitNanos(), "timer '" + this.name + "'",
				"tick");
	}

	@Override
	public String toString() {
		return "Timer[" + this.name + ", " + this.schedule + (isActive() ? "" : ", inactive") + "]";
	}

	// Half the range, not all of it as the registry's deadlines: due times are compared
	// by
	// their difference (TimerQueue), as System.nanoTime's must be, and a clock reading
	// plus
	// half the range still compares right with any other reading.
	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE / 2;
		}
	}

}
