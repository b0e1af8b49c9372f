package dev.actorregistry.benchmarks.persistence;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The check after each run that the figures are of right answers: every account's
 * committed balance equals the deposits acknowledged into it since the harness started
 * (each deposit is 1 and every account starts at 0), so the sum of the balances equals
 * the deposits acknowledged. It reads the accounts the run deposited into.
 */
final class BalanceCheck {

	private final AtomicLongArray acknowledged;

	private final long[] before;

	/**
	 * Remember the acknowledged deposits before a run.
	 * @param acknowledged the variant's acknowledged deposits per account
	 */
	BalanceCheck(AtomicLongArray acknowledged) {
		this.acknowledged = acknowledged;
		this.before = new long[acknowledged.length()];
		for (int i = 0; i < this.before.length; i++) {
			this.before[i] = acknowledged.get(i);
		}
	}

	/**
	 * Compare the committed balances of the accounts the run deposited into with the
	 * deposits acknowledged.
	 * @param variant the variant that ran
	 * @param workload the workload it ran
	 * @return the number of accounts checked
	 * @throws IllegalStateException if a balance differs
	 */
	int verify(DepositVariant variant, Workload workload) {
		Set<Long> touched = new HashSet<>();
		for (int id = 1; id < this.before.length; id++) {
			if (this.acknowledged.get(id) != this.before[id]) {
				touched.add((long) id);
			}
		}
		Map<Long, Long> balances = variant.committedBalances(touched);
		long expectedSum = 0;
		long committedSum = 0;
		int wrong = 0;
		for (long id : touched) {
			long expected = this.acknowledged.get((int) id);
			long committed = balances.getOrDefault(id, -1L);
			expectedSum += expected;
			committedSum += committed;
			if (committed != expected) {
				wrong++;
			}
		}
		if (wrong > 0) {
			throw new IllegalStateException(String.format(
					"%s on %s: %,d of %,d accounts hold another balance than the deposits acknowledged into them"
							+ " (sum of balances %,d, deposits acknowledged %,d): its figures are of wrong answers",
					variant.name(), workload, wrong, touched.size(), committedSum, expectedSum));
		}
		return touched.size();
	}

}
