package dev.actorregistry.benchmarks.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The clients: a fixed number of threads, each depositing 1 into an account of the
 * workload, waiting for the deposit to return, and depositing again, for a fixed time.
 * Every acknowledged deposit is counted per account, so that the balances can be checked
 * afterwards.
 */
final class DepositLoad {

	private final ExecutorService clients;

	private final int clientCount;

	DepositLoad(ExecutorService clients, int clientCount) {
		this.clients = clients;
		this.clientCount = clientCount;
	}

	/**
	 * Run a warm-up, then the measured part.
	 * @param variant the deposits
	 * @param workload the accounts
	 * @param settings the durations
	 * @param acknowledged acknowledged deposits of the variant per account id, since the
	 * start of the harness
	 * @return the measured part's figures
	 */
	RunResult run(DepositVariant variant, Workload workload, ComparisonSettings settings,
			AtomicLongArray acknowledged) {
		drive(variant, workload, settings.warmup(), acknowledged);
		if (workload.cold()) {
			variant.forgetAccounts();
		}
		long retriesBefore = variant.retries();
		Phase measured = drive(variant, workload, settings.measure(), acknowledged);
		long[] latencies = measured.latencies();
		Arrays.sort(latencies);
		return new RunResult(latencies.length, latencies.length / (measured.nanos() / 1e9), percentile(latencies, 0.50),
				percentile(latencies, 0.99), measured.errors(), variant.retries() - retriesBefore);
	}

	private Phase drive(DepositVariant variant, Workload workload, Duration duration, AtomicLongArray acknowledged) {
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		List<Future<Client>> running = new ArrayList<>();
		for (int i = 0; i < this.clientCount; i++) {
			running.add(this.clients.submit(() -> new Client().run(variant, workload, deadline, acknowledged)));
		}
		List<Client> done = new ArrayList<>();
		for (Future<Client> client : running) {
			try {
				done.add(client.get());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the clients of " + variant.name() + " ran", ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("A client of " + variant.name() + " failed", ex.getCause());
			}
		}
		// until the last client's last deposit returned: every deposit counted ran inside
		long nanos = System.nanoTime() - start;
		long[] latencies = done.stream().flatMapToLong((client) -> Arrays.stream(client.latencies())).toArray();
		return new Phase(latencies, done.stream().mapToLong(Client::errors).sum(), nanos);
	}

	private static double percentile(long[] sortedNanos, double quantile) {
		if (sortedNanos.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(quantile * sortedNanos.length) - 1);
		return sortedNanos[Math.max(0, index)] / 1e6;
	}

	private record Phase(long[] latencies, long errors, long nanos) {

	}

	/** One client thread's loop and what it saw. */
	private static final class Client {

		private long[] latencies = new long[1024];

		private int count;

		private long errors;

		Client run(DepositVariant variant, Workload workload, long deadline, AtomicLongArray acknowledged) {
			while (System.nanoTime() < deadline) {
				long id = workload.nextAccount();
				long start = System.nanoTime();
				try {
					variant.deposit(id, 1);
				}
				catch (RuntimeException ex) {
					// counted, not retried: a failed deposit is not acknowledged, and the
					// balance check finds out if it was committed all the same
					this.errors++;
					continue;
				}
				record(System.nanoTime() - start);
				acknowledged.incrementAndGet((int) id);
			}
			return this;
		}

		private void record(long nanos) {
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = nanos;
		}

		long[] latencies() {
			return Arrays.copyOf(this.latencies, this.count);
		}

		long errors() {
			return this.errors;
		}

	}

}
