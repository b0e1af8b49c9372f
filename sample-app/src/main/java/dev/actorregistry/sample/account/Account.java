package dev.actorregistry.sample.account;

import java.time.Instant;

import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.actorregistry.ActorContext;
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
 * nothing.
 * <p>
 * An open account earns interest: opening it registers a durable reminder,
 * {@value #INTEREST}, which ticks every interest period, activating the account if it was
 * passivated. Ticks come at least once, so the account remembers the last one it paid and
 * pays each once; one tick after downtime stands for the periods missed, and pays them
 * all. Interest stops at the largest balance, {@link Long#MAX_VALUE}.
 */
@Actor
public class Account implements PersistentActor<AccountState>, Remindable {

	static final String INTEREST = "interest";

	private static final Log logger = LogFactory.getLog(Account.class);

	private final String id;

	private final ActorContext<String> context;

	private final InterestProperties interest;

	private boolean open;

	private long balance;

	/** The sequence number of the next interest tick to pay. */
	private long interestTicksPaid;

	Account(@ActorKey String id, ActorContext<String> context, InterestProperties interest) {
		this.id = id;
		this.context = context;
		this.interest = interest;
	}

	AccountReply open() {
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

	AccountReply deposit(long amount) {
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

	@Override
	public AccountState snapshot() {
		return new AccountState(this.open, this.balance, this.interestTicksPaid);
	}

	@Override
	public void restore(AccountState state) {
		this.open = state.open();
		this.balance = state.balance();
		this.interestTicksPaid = state.interestTicksPaid();
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
