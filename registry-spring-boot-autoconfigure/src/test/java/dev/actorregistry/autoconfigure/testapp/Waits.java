package dev.actorregistry.autoconfigure.testapp;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionFactory;

import static org.awaitility.Awaitility.await;

/**
 * Bounded waits shared by the tests: every wait ends, in success or in a failure that
 * says what never happened.
 */
public final class Waits {

	/** Long enough for a loaded two-core machine; reached only when a test is failing. */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private Waits() {
	}

	/**
	 * Awaitility, polling often: the conditions awaited hold within milliseconds.
	 * @return the condition factory
	 */
	public static ConditionFactory eventually() {
		return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
	}

	/**
	 * Wait for a latch the test releases.
	 * @param latch the latch
	 * @throws IllegalStateException if it is not released in time
	 */
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

}
