package dev.actorregistry.benchmarks.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a cluster to form, for at most a minute: a benchmark that cannot set up fails
 * rather than hangs.
 */
final class Deadline {

	private static final Duration FORMATION = Duration.ofMinutes(1);

	private Deadline() {
	}

	static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + FORMATION.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("No " + what + " within " + FORMATION
						+ ". Check that nothing else binds 127.0.0.1's ports and that the machine is not overloaded");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + what, ex);
			}
		}
	}

}
