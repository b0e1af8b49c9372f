package dev.actorregistry.test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.awaitility.core.ConditionFactory;

import dev.actorregistry.ActorRef;

import static org.awaitility.Awaitility.await;

/**
 * Bounded waits for tests of actors: every wait ends, in success or in a failure that
 * says what never happened, and none waits for a rate or a fixed time.
 */
public final class Waits {

	/**
	 * How long to wait for something that takes milliseconds on an idle machine: a reply,
	 * a turn, a stop. CI machines are shared, and a loaded one can be a thousand times
	 * slower than usual, so this is reached only when a test is failing; a test never
	 * waits this long to pass.
	 */
	public static final Duration TIMEOUT = Duration.ofMinutes(1);

	/**
	 * How long to wait for bulk work, such as the hundreds of thousands of messages of a
	 * stress test, which takes seconds on an idle machine. Reached only when the work
	 * hangs: the test waits for the work to be done, never for a rate.
	 */
	public static final Duration WORK_TIMEOUT = Duration.ofMinutes(10);

	private Waits() {
	}

	/** Awaitility, polling often: the conditions awaited hold within milliseconds. */
	public static ConditionFactory eventually() {
		return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
	}

	/** Wait for a latch the test releases; for use inside actors and factories. */
	public static void awaitLatch(CountDownLatch latch) {
		try {
			if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("The test did not release the latch within " + TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Send a message that holds the actor's turn until {@code release} opens, then
	 * applies {@code then}; returns once the message runs, so what is sent next queues
	 * behind it.
	 */
	public static <A, R> CompletableFuture<R> blockOn(ActorRef<?, A> ref, CountDownLatch release,
			Function<? super A, ? extends R> then) throws InterruptedException {
		CountDownLatch entered = new CountDownLatch(1);
		CompletableFuture<R> reply = ref.ask((actor) -> {
			entered.countDown();
			awaitLatch(release);
			return then.apply(actor);
		});
		if (!entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("The blocking message did not start within " + TIMEOUT + " on " + ref);
		}
		return reply;
	}

	/** The exception a future failed with; fails the test if it completes normally. */
	public static Throwable failureOf(Future<?> future) throws Exception {
		try {
			Object value = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			throw new AssertionError("Expected the future to fail, but it completed with " + value);
		}
		catch (ExecutionException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Expected the future to fail, but it was still pending after " + TIMEOUT);
		}
	}

}
