package dev.actorregistry.sample.account;

import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorKey;

/**
 * One bank account: an actor whose key is the account's id, in the registry
 * {@code account}. The registry runs its messages one at a time, so its fields need no
 * locks and concurrent deposits never lose an update.
 * <p>
 * Every id reaches an actor, opened or not: the actor answers whether it is open, as a
 * virtual actor does. The balance lives only in memory for now, so the sample never
 * passivates accounts ({@code actors.defaults.idle-timeout: 0}).
 */
@Actor
public class Account {

	private static final Log logger = LogFactory.getLog(Account.class);

	private final String id;

	private boolean open;

	private long balance;

	Account(@ActorKey String id) {
		this.id = id;
	}

	AccountReply open() {
		if (this.open) {
			return AccountReply.alreadyOpen(view());
		}
		this.open = true;
		return AccountReply.done(view());
	}

	AccountReply deposit(long amount) {
		requirePositive(amount);
		if (!this.open) {
			return AccountReply.notOpen(this.id);
		}
		// a balance past Long.MAX_VALUE fails the message instead of wrapping around
		this.balance = Math.addExact(this.balance, amount);
		return AccountReply.done(view());
	}

	AccountReply withdraw(long amount) {
		requirePositive(amount);
		if (!this.open) {
			return AccountReply.notOpen(this.id);
		}
		if (amount > this.balance) {
			return AccountReply.insufficientFunds(view(), amount);
		}
		this.balance -= amount;
		return AccountReply.done(view());
	}

	AccountReply read() {
		return this.open ? AccountReply.done(view()) : AccountReply.notOpen(this.id);
	}

	/**
	 * The registry stopped this account (at shutdown, or when it is passivated): its
	 * balance is gone until persistence keeps it, so say what it was.
	 */
	@PreDestroy
	void stopped() {
		if (this.open && logger.isDebugEnabled()) {
			logger.debug("Account '" + this.id + "' stopped with a balance of " + this.balance);
		}
	}

	private AccountView view() {
		return new AccountView(this.id, this.balance);
	}

	// Requests are validated before they reach an account: a non-positive amount here is
	// a bug, so it fails the message rather than being answered as a refusal.
	private void requirePositive(long amount) {
		if (amount <= 0) {
			throw new IllegalArgumentException("Account '" + this.id + "': amount must be positive, was " + amount);
		}
	}

}
