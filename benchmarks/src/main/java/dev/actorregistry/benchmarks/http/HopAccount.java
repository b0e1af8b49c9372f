package dev.actorregistry.benchmarks.http;

import dev.actorregistry.spring.Actor;

/**
 * An account as an actor, without persistence: its messages run one at a time, so the
 * balance needs no lock.
 */
@Actor(name = "hop-account", keyType = Long.class)
public class HopAccount {

	private long balance;

	Balance deposit(long amount) {
		this.balance += amount;
		return new Balance(this.balance);
	}

}
