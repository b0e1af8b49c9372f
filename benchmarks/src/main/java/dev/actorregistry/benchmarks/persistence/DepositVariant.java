package dev.actorregistry.benchmarks.persistence;

import java.util.Map;
import java.util.Set;

/**
 * One way of depositing into an account, durably committed before the call returns.
 */
interface DepositVariant {

	/**
	 * The name in the harness's output.
	 * @return the name
	 */
	String name();

	/**
	 * The name in the ratios' headings.
	 * @return the short name
	 */
	String shortName();

	/**
	 * Deposit into an account and return once the new balance is committed.
	 * @param id the account's id, between 1 and the number of seeded accounts
	 * @param amount the amount
	 */
	void deposit(long id, long amount);

	/**
	 * The committed balances of accounts, read from the database rather than from any
	 * memory of the application, so that the harness checks what is durable.
	 * @param ids the accounts' ids
	 * @return the balance of each
	 */
	Map<Long, Long> committedBalances(Set<Long> ids);

	/**
	 * Forget everything held in memory about the accounts, so that the next deposit into
	 * each reads its row again: what the cold workload starts from.
	 */
	default void forgetAccounts() {
	}

	/**
	 * How many times a deposit ran again after a conflict, since the start.
	 * @return the number of retries
	 */
	default long retries() {
		return 0;
	}

}
