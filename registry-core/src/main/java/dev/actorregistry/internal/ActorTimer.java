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
		if (!isActive()) {
			return;
		}
		boolean single = this.periodNanos == 0;
		if (single) {
			cancel();
		}
		try {
			this.tick.run();
		}
		finally {
			if (!single && !this.schedule.fixedRate() && isActive()) {
				this.dueNanos = this.owner.queue().clock().nanoTime() + this.periodNanos;
				this.owner.queue().add(this);
			}
		}
	}

	@Override
	public String toString() {
		return "Timer[" + this.name + ", " + this.schedule + (isActive() ? "" : ", inactive") + "]";
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE / 2;
		}
	}

}
