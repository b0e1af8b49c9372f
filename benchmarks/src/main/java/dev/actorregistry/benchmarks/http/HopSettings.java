package dev.actorregistry.benchmarks.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's settings, from system properties so that a smoke run and a full run are
 * the same command with other numbers.
 *
 * @param rounds how many times each variant runs at each connection count, interleaved
 * @param warmup the unmeasured wrk run before each measured one
 * @param measure the measured wrk run
 * @param connections the connection counts, in order
 * @param wrkThreads wrk's threads
 * @param accounts the accounts deposits go to, one at random per request
 * @param wrk the wrk executable
 * @param jitWarmup how long each variant runs once before the first round, so that the
 * first round does not measure the JIT compiler
 * @param variants the names of the variants to run (map, future, join, call, and the same
 * on virtual threads: vmap, vfuture, vjoin); the map on platform threads always runs, as
 * the baseline
 */
record HopSettings(int rounds, Duration warmup, Duration measure, List<Integer> connections, int wrkThreads,
		int accounts, String wrk, Duration jitWarmup, List<String> variants) {

	static HopSettings fromSystemProperties() {
		List<Integer> connections = new ArrayList<>();
		for (String count : System.getProperty("bench.connections", "16,64").split(",")) {
			connections.add(Integer.parseInt(count.trim()));
		}
		return new HopSettings(Integer.getInteger("bench.rounds", 5),
				Duration.ofSeconds(Long.getLong("bench.warmup", 3)),
				Duration.ofSeconds(Long.getLong("bench.measure", 10)), List.copyOf(connections),
				Integer.getInteger("bench.wrk-threads", 2), Integer.getInteger("bench.accounts", 1_000),
				System.getProperty("bench.wrk", "wrk"), Duration.ofSeconds(Long.getLong("bench.jit-warmup", 10)),
				List.of(System.getProperty("bench.variants", "map,future,join,call,vmap,vfuture,vjoin").split(",")));
	}

	boolean runs(String variant) {
		return variant.equals("map") || this.variants.contains(variant);
	}

	@Override
	public String toString() {
		return String.format(
				"%ds JIT warm-up per variant, then %d rounds of %ds warm-up + %ds measured, %s connections, %d wrk threads, %,d accounts",
				this.jitWarmup.toSeconds(), this.rounds, this.warmup.toSeconds(), this.measure.toSeconds(),
				this.connections, this.wrkThreads, this.accounts);
	}

}
