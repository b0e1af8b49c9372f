package dev.actorregistry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.awaitility.core.ConditionFactory;

import static org.awaitility.Awaitility.await;

/**
 * Bounded waits shared by the tests, here and (through the test jar) in the modules built
 * on the core: every wait ends, in success or in a failure that says what never happened.
 */
public final class Waits {

	/** Long enough for a loaded two-core machine; reached only when a test is failing. */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

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
				throw new IllegalStateException("latch never released");
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
			throw new AssertionError("the blocking message never ran");
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
			return ex.getCause();
		}
	}

}
