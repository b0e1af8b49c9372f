package dev.actorregistry.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.actorregistry.Timer;
import dev.actorregistry.TimerSchedule;
import dev.actorregistry.Timers;

/**
 * The timers of one activation, by name. Created on an actor's first timer, so an actor
 * without timers pays nothing for them.
 */
final class ActorTimers implements Timers {

	private final Activation<?, ?> activation;

	private final TimerQueue queue;

	/** Guarded by this. */
	private final Map<String, ActorTimer> timers = new HashMap<>();

	/** Guarded by this: set when the actor's timers ended, so no new one starts. */
	private boolean ended;

	ActorTimers(Activation<?, ?> activation, TimerQueue queue) {
		this.activation = activation;
		this.queue = queue;
	}

	@Override
	public Timer start(String name, TimerSchedule schedule, Runnable tick) {
		Objects.requireNonNull(name, () -> this.activation.describe("timer name must not be null"));
		Objects.requireNonNull(schedule,
				() -> this.activation.describe("schedule of timer '" + name + "' must not be null"));
		Objects.requireNonNull(tick, () -> this.activation.describe("tick of timer '" + name + "' must not be null"));
		ActorTimer timer = new ActorTimer(this, name, schedule, tick, this.queue.clock().nanoTime());
		ActorTimer replaced;
		synchronized (this) {
			if (this.ended || !this.activation.acceptsTimers()) {
				throw this.activation.stoppedException("cannot start timer '" + name + "'");
			}
			replaced = this.timers.put(name, timer);
		}
		if (replaced != null) {
			replaced.end();
		}
		this.queue.add(timer);
		if (replaced != null) {
			// replacing cancels: off the actor's turn, as cancel(name) does
			replaced.awaitTickEnd();
		}
		return timer;
	}

	@Override
	public boolean cancel(String name) {
		ActorTimer timer;
		synchronized (this) {
			timer = this.timers.remove(name);
		}
		if (timer == null) {
			return false;
		}
		boolean ended = timer.end();
		timer.awaitTickEnd();
		return ended;
	}

	@Override
	public synchronized boolean isActive(String name) {
		ActorTimer timer = this.timers.get(name);
		return timer != null && timer.isActive();
	}

	@Override
	public synchronized Set<String> names() {
		// a single tick's timer stays here, ended, until its tick ends
		Set<String> names = new HashSet<>();
		this.timers.forEach((name, timer) -> {
			if (timer.isActive()) {
				names.add(name);
			}
		});
		return Set.copyOf(names);
	}

	/**
	 * End every timer: the actor stopped, or restarts as a fresh instance. Runs on the
	 * actor's turn, or once no turn runs, so no tick is under way to wait for.
	 * @param forGood whether no timer may start again (the activation is ending)
	 */
	void endAll(boolean forGood) {
		ActorTimer[] ending;
		synchronized (this) {
			ending = this.timers.values().toArray(new ActorTimer[0]);
			this.timers.clear();
			this.ended = forGood;
		}
		for (ActorTimer timer : ending) {
			timer.end();
		}
	}

	synchronized void forget(ActorTimer timer) {
		this.timers.remove(timer.name(), timer);
	}

	TimerQueue queue() {
		return this.queue;
	}

	boolean isOwnedByCurrentThread() {
		return this.activation.isOwnedByCurrentThread();
	}

	/**
	 * Cancelling a timer could not wait for its tick under way to end.
	 * @param name the timer's name
	 * @param why why not
	 * @param cause the interruption, if it was one
	 */
	Activation<?, ?> activation() {
		return this.activation;
	}

	boolean offerTick(ActorTimer timer) {
		return this.activation.offerUncounted(Envelope.tell(timer));
	}

}
