package dev.actorregistry.sample.account;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.actorregistry.ActorContext;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.Refusal;
import dev.actorregistry.invocation.RefusalHandler;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorKey;

/**
 * One bank account: an actor whose key is the account's id, in the registry
 * {@code account}. The registry runs its messages one at a time, so its fields need no
 * locks and concurrent deposits never lose an update.
 * <p>
 * Every id reaches an actor, opened or not: the actor answers whether it is open, as a
 * virtual actor does. Its state is an {@link AccountState} kept in the database through
 * the registry's state store: loaded when the account is activated, saved after the
 * messages that changed it before their replies are sent (write-through, set in
 * {@code application.yml}, with deposits that queue up committed as a group), so an
 * account survives passivation, restarts and crashes. An id that was never opened writes
 * nothing, but for the record of a credit sent to it durably, which it refuses (the
 * transfer's pre-check keeps the API from sending one).
 * <p>
 * An open account earns interest: opening it registers a durable reminder,
 * {@value #INTEREST}, which ticks every interest period, activating the account if it was
 * passivated. Ticks come at least once, so the account remembers the last one it paid and
 * pays each once; one tick after downtime stands for the periods missed, and pays them
 * all. Interest stops at the largest balance, {@link Long#MAX_VALUE}.
 * <p>
 * A transfer is crash-safe: the withdrawal and the credit to the other account, sent
 * durably ({@link ActorContext#durable}), are one save. The registry delivers the credit
 * after that save commits, again after a crash, and the other account applies it once; if
 * it refuses it, the refusal comes back here, durably too, and the amount is refunded
 * ({@link #refused}). The account keeps the ids of its {@value #RECENT_TRANSFERS} latest
 * transfers, so that a client that lost an answer can ask again with the same id.
 */
@Actor
public class Account implements BankAccount, PersistentActor<AccountState>, Remindable, RefusalHandler {

	static final String INTEREST = "interest";

	/** How many of its latest transfers an account remembers, to answer a retry. */
	static final int RECENT_TRANSFERS = 100;

	private static final Log logger = LogFactory.getLog(Account.class);

	private final String id;

	private final ActorContext<String> context;

	private final InterestProperties interest;

	private final ActorClient<String, BankAccount> accounts;

	private boolean open;

	private long balance;

	/** The sequence number of the next interest tick to pay. */
	private long interestTicksPaid;

	/** The latest transfers made, oldest first. */
	private final Deque<TransferRecord> recentTransfers = new ArrayDeque<>();

	Account(@ActorKey String id, ActorContext<String> context, InterestProperties interest,
			ActorClient<String, BankAccount> accounts) {
		this.id = id;
		this.context = context;
		this.interest = interest;
		this.accounts = accounts;
	}

	@Override
	public AccountReply open() {
		if (this.open) {
			return AccountReply.alreadyOpen(view());
		}
		this.open = true;
		this.context.registerReminder(
				Reminder.every(INTEREST, Instant.now().plus(this.interest.period()), this.interest.period()));
		return AccountReply.done(view());
	}

	@Override
	public void onReminder(ReminderTick tick) {
		if (!this.open || !INTEREST.equals(tick.name()) || tick.sequence() < this.interestTicksPaid) {
			return; // delivered again: paid already
		}
		for (long period = 0; period <= tick.missedTicks(); period++) {
			long interest = this.interest.interestOn(this.balance);
			// The balance stops at the largest one, where a deposit is refused: interest
			// past it is not paid, rather than failing the tick (and every later one).
			this.balance = (interest > Long.MAX_VALUE - this.balance) ? Long.MAX_VALUE : this.balance + interest;
		}
		this.interestTicksPaid = tick.sequence() + 1;
	}

	@Override
	public AccountReply deposit(long amount) {
		requirePositive(amount);
		if (!this.open) {
			return AccountReply.notOpen(this.id);
		}
		// A balance past Long.MAX_VALUE would wrap around: a refusal, answered like an
		// overdraft, rather than a failure of the actor (amount is positive, so the
		// subtraction cannot overflow).
		if (amount > Long.MAX_VALUE - this.balance) {
			return AccountReply.balanceLimitExceeded(view(), amount);
		}
		this.balance += amount;
		return AccountReply.done(view());
	}

	@Override
	public AccountReply withdraw(long amount) {
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

	@Override
	public AccountReply read() {
		return this.open ? AccountReply.done(view()) : AccountReply.notOpen(this.id);
	}

	@Override
	public AccountReply transfer(String transferId, String to, long amount) {
		requirePositive(amount);
		if (!this.open) {
			return AccountReply.notOpen(this.id);
		}
		for (TransferRecord made : this.recentTransfers) {
			if (made.id().equals(transferId)) {
				// asked again, as a client does whose answer was lost: made once
				return made.isSameTransfer(to, amount) ? AccountReply.done(view())
						: AccountReply.transferIdReused(view(), transferId);
			}
		}
		AccountReply withdrawn = withdraw(amount);
		if (withdrawn.outcome() != AccountReply.Outcome.DONE) {
			return withdrawn;
		}
		// saved with the withdrawal, in the same transaction: both or neither
		this.context.durable(this.accounts).get(to).credit(transferId, amount);
		this.recentTransfers.addLast(new TransferRecord(transferId, to, amount));
		if (this.recentTransfers.size() > RECENT_TRANSFERS) {
			this.recentTransfers.removeFirst();
		}
		return withdrawn;
	}

	@Override
	public void credit(String transferId, long amount) {
		// thrown, not answered: the registry restores this account's state and sends
		// the refusal back to the account the money came from
		deposit(amount).orThrow();
	}

	/**
	 * A credit this account sent was refused by the other account (not open, or at its
	 * largest balance): the amount comes back here, once.
	 */
	@Override
	public void refused(Refusal refusal) {
		if (!refusal.isOf("credit")) {
			return;
		}
		String transfer = refusal.argument(0, String.class);
		long amount = refusal.argument(1, long.class);
		if (amount > Long.MAX_VALUE - this.balance) {
			// deposits since the transfer filled this account: no one can repair that
			// here, so an operator must hear of it
			logger.error("Account '" + this.id + "': the refund of " + amount + " of refused transfer " + transfer
					+ " would pass the largest balance; it was not credited");
			return;
		}
		this.balance += amount;
		logger.info("Account '" + this.id + "': transfer " + transfer + " of " + amount + " to '"
				+ refusal.invocation().key() + "' was refused (" + refusal.reason() + "); refunded");
	}

	@Override
	public AccountState snapshot() {
		return new AccountState(this.open, this.balance, this.interestTicksPaid, List.copyOf(this.recentTransfers));
	}

	@Override
	public void restore(AccountState state) {
		this.open = state.open();
		this.balance = state.balance();
		this.interestTicksPaid = state.interestTicksPaid();
		this.recentTransfers.clear();
		if (state.recentTransfers() != null) {
			this.recentTransfers.addAll(state.recentTransfers());
		}
	}

	/**
	 * The registry stopped this account (passivated when idle, or at shutdown), after
	 * saving its state.
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
