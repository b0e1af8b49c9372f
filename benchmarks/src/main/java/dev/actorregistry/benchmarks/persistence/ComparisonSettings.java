package dev.actorregistry.benchmarks.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's settings, from system properties so that a smoke run and a full run are
 * the same command with other numbers.
 *
 * @param rounds how many times each variant runs each workload, interleaved
 * @param warmup the unmeasured part of each run
 * @param measure the measured part of each run
 * @param clients the client threads
 * @param poolSize the connections of the application's HikariCP pool
 * @param workloads the workloads, in order
 */
record ComparisonSettings(int rounds, Duration warmup, Duration measure, int clients, int poolSize,
		List<Workload> workloads) {

	static ComparisonSettings fromSystemProperties() {
		long coldAccounts = Long.getLong("bench.cold-accounts", 100_000);
		List<Workload> workloads = new ArrayList<>();
		for (String name : System.getProperty("bench.workloads", "hot,many,cold").split(",")) {
			workloads.add(switch (name.trim()) {
				case "hot" -> new Workload("one hot account", 1, false);
				case "many" -> new Workload("1,000 accounts", 1_000, false);
				case "cold" -> new Workload(String.format("%,d accounts (cold)", coldAccounts), coldAccounts, true);
				default -> throw new IllegalArgumentException(
						"bench.workloads: unknown workload '" + name + "'; use hot, many and cold, comma-separated");
			});
		}
		return new ComparisonSettings(Integer.getInteger("bench.rounds", 5),
				Duration.ofSeconds(Long.getLong("bench.warmup", 5)),
				Duration.ofSeconds(Long.getLong("bench.measure", 10)), Integer.getInteger("bench.clients", 16),
				Integer.getInteger("bench.pool-size", 16), List.copyOf(workloads));
	}

	long accountsToSeed() {
		return this.workloads.stream().mapToLong(Workload::accounts).max().orElse(1);
	}

	@Override
	public String toString() {
		return String.format("%d rounds of %ds warm-up + %ds measured, %d clients, pool of %d connections", this.rounds,
				this.warmup.toSeconds(), this.measure.toSeconds(), this.clients, this.poolSize);
	}

}
