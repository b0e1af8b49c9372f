package dev.actorregistry.benchmarks.persistence;

import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deposits through JPA under a row lock: read the account {@code FOR UPDATE}, add,
 * commit.
 */
@Component
class PessimisticDeposits implements DepositVariant {

	private final LockedAccountRepository accounts;

	PessimisticDeposits(LockedAccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public String name() {
		return "JPA PESSIMISTIC_WRITE";
	}

	@Override
	public String shortName() {
		return "pessimistic";
	}

	@Override
	@Transactional
	public void deposit(long id, long amount) {
		LockedAccount account = this.accounts.findForUpdate(id)
			.orElseThrow(() -> new IllegalStateException("No account " + id + ": the harness seeds 1 to N"));
		account.deposit(amount);
	}

	@Override
	@Transactional(readOnly = true)
	public Map<Long, Long> committedBalances(Set<Long> ids) {
		return CommittedBalances.read(ids, this.accounts::findAllById, LockedAccount::id, LockedAccount::balance);
	}

}
