package dev.actorregistry.benchmarks.persistence;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Deposits through JPA with an {@code @Version} entity, each retried at once until its
 * transaction commits without a conflict.
 */
@Component
class OptimisticDeposits implements DepositVariant {

	private final VersionedAccountTransactions transactions;

	private final VersionedAccountRepository accounts;

	private final LongAdder retries = new LongAdder();

	OptimisticDeposits(VersionedAccountTransactions transactions, VersionedAccountRepository accounts) {
		this.transactions = transactions;
		this.accounts = accounts;
	}

	@Override
	public String name() {
		return "JPA @Version + retry";
	}

	@Override
	public String shortName() {
		return "optimistic";
	}

	@Override
	public void deposit(long id, long amount) {
		while (true) {
			try {
				this.transactions.deposit(id, amount);
				return;
			}
			catch (OptimisticLockingFailureException ex) {
				this.retries.increment();
			}
		}
	}

	@Override
	public Map<Long, Long> committedBalances(Set<Long> ids) {
		return CommittedBalances.read(ids, this.accounts::findAllById, VersionedAccount::id, VersionedAccount::balance);
	}

	@Override
	public long retries() {
		return this.retries.sum();
	}

}
