package dev.actorregistry.benchmarks.persistence;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which accounts the clients deposit into.
 *
 * @param name the name in the output
 * @param accounts how many accounts, ids 1 to this, each chosen with the same chance
 * @param cold whether the accounts start cold: the measured part begins with none of them
 * held in memory
 */
record Workload(String name, long accounts, boolean cold) {

	long nextAccount() {
		return (this.accounts == 1) ? 1 : ThreadLocalRandom.current().nextLong(1, this.accounts + 1);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
