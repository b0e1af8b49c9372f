package dev.actorregistry.benchmarks.persistence;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transaction of {@link OptimisticDeposits}, a bean of its own so that the retry
 * around it runs outside the transactional proxy.
 */
@Component
class VersionedAccountTransactions {

	private final VersionedAccountRepository accounts;

	VersionedAccountTransactions(VersionedAccountRepository accounts) {
		this.accounts = accounts;
	}

	/**
	 * Read, add, save: the commit's {@code UPDATE ... WHERE version = ?} fails if another
	 * deposit committed in between.
	 * @param id the account's id
	 * @param amount the amount
	 */
	@Transactional
	public void deposit(long id, long amount) {
		VersionedAccount account = this.accounts.findById(id)
			.orElseThrow(() -> new IllegalStateException("No account " + id + ": the harness seeds 1 to N"));
		account.deposit(amount);
		this.accounts.save(account);
	}

}
