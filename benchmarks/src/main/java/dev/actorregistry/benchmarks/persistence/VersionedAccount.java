package dev.actorregistry.benchmarks.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An account row guarded by optimistic locking: a concurrent update of the same row fails
 * at commit and the deposit is retried.
 */
@Entity
@Table(name = "versioned_account")
public class VersionedAccount {

	@Id
	private Long id;

	private long balance;

	@Version
	private long version;

	protected VersionedAccount() {
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
