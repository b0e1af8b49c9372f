package dev.actorregistry.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

import dev.actorregistry.StopReason;

/**
 * Stops the actors a registry does not need: the idle sweep passivates those idle for
 * longer than the idle timeout, and the eviction passivates the least recently active
 * ones while more than the max-active limit are live. Either stops only an actor with no
 * message waiting or running, and a message sent later starts it again.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
final class Passivation<K, A> {

	private final Collection<Activation<K, A>> activations;

	/** The registry's count of active actors. */
	private final IntSupplier active;

	private final Dispatcher<K, A> dispatcher;

	/** The idle timeout; zero to never passivate idle actors. */
	private final long idleNanos;

	/** The max-active limit; zero for none. */
	private final int limit;

	/** Held by the one caller passivating actors over the max-active limit. */
	private final AtomicBoolean evicting = new AtomicBoolean();

	/**
	 * @param activations the registry's activations, a live view
	 * @param active the number of them that count as active
	 */
	Passivation(Collection<Activation<K, A>> activations, IntSupplier active, Dispatcher<K, A> dispatcher,
			Duration idleTimeout, int maxActive) {
		this.activations = activations;
		this.active = active;
		this.dispatcher = dispatcher;
		this.idleNanos = idleTimeout.toNanos();
		this.limit = maxActive;
	}

	/**
	 * How often the idle sweep runs: an idle actor stops within a quarter of the timeout
	 * after it is due.
	 * @return the period in nanoseconds, or zero for no sweep
	 */
	long sweepPeriodNanos() {
		if (this.idleNanos == 0) {
			return 0;
		}
		return Math.min(Math.max(this.idleNanos / 4, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.SECONDS.toNanos(60));
	}

	/**
	 * Passivate the actors idle for longer than the idle timeout, by the registry's
	 * clock.
	 * @return how many were asked to stop
	 */
	int passivateIdle() {
		if (this.idleNanos == 0 || !this.dispatcher.isRunning()) {
			return 0;
		}
		long now = this.dispatcher.clock.nanoTime();
		int passivated = 0;
		for (Activation<K, A> activation : this.activations) {
			if (activation.isIdle() && now - activation.lastActiveAt() > this.idleNanos
					&& activation.requestStop(StopReason.IDLE, true)) {
				passivated++;
			}
		}
		return passivated;
	}

	/**
	 * Passivate the least recently active idle actors while more than the limit are live,
	 * down to a sixteenth below it: one look at every live actor then pays for that many
	 * starts, so a stream of new keys costs no more per start than a few actors do. One
	 * caller evicts at a time; others go on, a little over the limit, meanwhile.
	 * @param started the actor just started, never evicted here
	 */
	void evictIfOverLimit(Activation<K, A> started) {
		int limit = this.limit;
		if (limit == 0 || this.active.getAsInt() <= limit || !this.evicting.compareAndSet(false, true)) {
			return;
		}
		try {
			int excess = this.active.getAsInt() - limit;
			if (excess > 0) {
				evictLeastRecent(started, excess + limit / 16);
			}
		}
		finally {
			this.evicting.set(false);
		}
	}

	private void evictLeastRecent(Activation<K, A> started, int wanted) {
		// the map's size is only an estimate: room for a few more, and stop at the end
		int room = this.activations.size() + 64;
		@SuppressWarnings("unchecked")
		Activation<K, A>[] idle = (Activation<K, A>[]) new Activation<?, ?>[room];
		long[] stamps = new long[room];
		int count = 0;
		for (Activation<K, A> candidate : this.activations) {
			if (count == room) {
				break;
			}
			if (candidate != started && candidate.isIdle()) {
				idle[count] = candidate;
				stamps[count] = candidate.lastActiveAt(); // read once: it may move
				count++;
			}
		}
		if (count == 0) {
			return; // every actor busy: exceed the limit rather than refuse work
		}
		long newestEvicted = (wanted >= count) ? Long.MAX_VALUE
				: Selection.nthSmallest(stamps.clone(), count, wanted - 1);
		int evicted = 0;
		for (int i = 0; i < count && evicted < wanted; i++) {
			// an actor picked as idle may have received a message since: it stays
			if (stamps[i] <= newestEvicted && idle[i].requestStop(StopReason.EVICTED, true)) {
				evicted++;
			}
		}
	}

}
