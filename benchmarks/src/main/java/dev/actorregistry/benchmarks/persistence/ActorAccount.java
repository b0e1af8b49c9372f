package dev.actorregistry.benchmarks.persistence;

import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.spring.Actor;

/**
 * An account as an actor: its messages run one at a time, so the balance needs no lock,
 * and with write-through each deposit is answered once its state is committed.
 */
@Actor(name = ActorAccount.REGISTRY, keyType = Long.class)
public class ActorAccount implements PersistentActor<AccountBalance> {

	static final String REGISTRY = "account";

	private long balance;

	long deposit(long amount) {
		this.balance += amount;
		return this.balance;
	}

	@Override
	public AccountBalance snapshot() {
		return new AccountBalance(this.balance);
	}

	@Override
	public void restore(AccountBalance state) {
		this.balance = state.balance();
	}

}
