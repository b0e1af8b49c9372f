package dev.actorregistry.autoconfigure.testapp;

import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorKey;

/**
 * An actor with Long keys.
 */
@Actor(name = "accounts", keyType = Long.class)
public class AccountActor {

	private final long id;

	private long balance;

	/**
	 * Create the account of an id.
	 * @param id the account's key
	 */
	public AccountActor(@ActorKey Long id) {
		this.id = id;
	}

	/**
	 * Deposit money.
	 * @param amount how much
	 * @return the new balance
	 */
	public long deposit(long amount) {
		this.balance += amount;
		return this.balance;
	}

	/**
	 * A message that always throws: with the {@code restart} policy the tests give this
	 * registry, the account restarts.
	 * @return never
	 */
	public long fail() {
		throw new IllegalStateException("Account " + this.id + " failed on purpose");
	}

	/**
	 * The account's id.
	 * @return the id
	 */
	public long id() {
		return this.id;
	}

}
