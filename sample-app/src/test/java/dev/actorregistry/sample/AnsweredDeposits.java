package dev.actorregistry.sample;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Counts the deposits the application answered 200, so that a test waits for a number of
 * them, not for a time: a busy machine answers them more slowly, never fewer of them.
 */
final class AnsweredDeposits {

	private final int wanted;

	private final CountDownLatch remaining;

	/**
	 * Count up to a number of answers.
	 * @param wanted how many answers {@link #await} waits for
	 */
	AnsweredDeposits(int wanted) {
		this.wanted = wanted;
		this.remaining = new CountDownLatch(wanted);
	}

	/**
	 * Count one deposit answered 200.
	 */
	void answered() {
		this.remaining.countDown();
	}

	/**
	 * Wait until the number of deposits wanted were answered.
	 * @param clients the clients depositing: once every one of them has ended, the count
	 * can no longer come
	 * @param guard how long to wait at most, as a guard against a hang only
	 * @throws AssertionError if every client ended first, or the guard ran out
	 * @throws InterruptedException if interrupted while waiting
	 */
	void await(List<? extends Future<?>> clients, Duration guard) throws InterruptedException {
		long deadline = System.nanoTime() + guard.toNanos();
		// the clients are checked between waits on the count, which ends the wait at once
		while (!this.remaining.await(100, TimeUnit.MILLISECONDS)) {
			if (clients.stream().allMatch(Future::isDone)) {
				throw new AssertionError("Every client ended after " + answeredSoFar() + " of the " + this.wanted
						+ " deposits awaited were answered: " + outcomes(clients));
			}
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Only " + answeredSoFar() + " of the " + this.wanted
						+ " deposits awaited were answered in " + guard + ", and the clients are still sending");
			}
		}
	}

	private long answeredSoFar() {
		return this.wanted - this.remaining.getCount();
	}

	private static String outcomes(List<? extends Future<?>> clients) {
		return clients.stream().map(AnsweredDeposits::outcome).collect(Collectors.joining("\n", "\n", ""));
	}

	private static String outcome(Future<?> client) {
		try {
			return String.valueOf(client.get());
		}
		catch (ExecutionException ex) {
			return "failed: " + ex.getCause();
		}
		catch (CancellationException ex) {
			return "cancelled";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

}
