package dev.actorregistry.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future an ask returns. A caller that blocks on it spins for a few microseconds
 * before it parks, as the JDK's own hand-off queues do: a reply to a short message
 * usually comes sooner than a parked thread can be woken, and a reply that finds nobody
 * parked saves the actor's thread the wake-up too. The spin is bounded in time and
 * skipped on a single core, where it could only delay the actor it waits for.
 *
 * @param <T> the reply's type
 */
final class Reply<T> extends CompletableFuture<T> {

	private static final long SPIN_NANOS = (Runtime.getRuntime().availableProcessors() > 1) ? 20_000 : 0;

	@Override
	public T join() {
		spinUntilDone();
		return super.join();
	}

	@Override
	public T get() throws InterruptedException, ExecutionException {
		spinUntilDone();
		return super.get();
	}

	@Override
	public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
		spinUntilDone();
		return super.get(timeout, unit);
	}

	/** Stages built on a reply are plain futures: only the reply itself is waited for. */
	@Override
	public <U> CompletableFuture<U> newIncompleteFuture() {
		return new CompletableFuture<>();
	}

	private void spinUntilDone() {
		if (SPIN_NANOS == 0 || isDone()) {
			return;
		}
		long start = System.nanoTime();
		while (!isDone() && System.nanoTime() - start < SPIN_NANOS) {
			Thread.onSpinWait();
		}
	}

}
