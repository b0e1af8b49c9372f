package dev.actorregistry.benchmarks.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An account row updated under a {@code PESSIMISTIC_WRITE} lock ({@code SELECT ... FOR
 * UPDATE}): concurrent deposits into it wait for each other in the database.
 */
@Entity
@Table(name = "locked_account")
public class LockedAccount {

	@Id
	private Long id;

	private long balance;

	protected LockedAccount() {
		this.id = 0L;
	}

	void deposit(long amount) {
		this.balance += amount;
	}

	long id() {
		return this.id;
	}

	long balance() {
		return this.balance;
	}

}
