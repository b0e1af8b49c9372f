package dev.actorregistry.sample.account;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

import dev.actorregistry.invocation.ActorClient;

/**
 * Moves money between two accounts, crash-safe: the account the money leaves withdraws it
 * and sends the credit to the other account durably, in one save (see
 * {@link Account#transfer}). The credit is asynchronous but guaranteed: made once, after
 * a crash too, or refused by the other account and then refunded.
 * <p>
 * Before anything moves, the other account is read, so that a transfer to an account that
 * is not open, or that cannot take the amount, is answered as before; a refusal that
 * comes only later (the account filled up meanwhile) is refunded.
 */
@Service
public class Transfers {

	private final ActorClient<String, BankAccount> accounts;

	Transfers(ActorClient<String, BankAccount> accounts) {
		this.accounts = accounts;
	}

	/**
	 * Move {@code amount} from one account to another.
	 * @param id the transfer's id, or null for a new one: a transfer asked for again with
	 * the id of one of the source account's latest transfers is answered without moving
	 * money again
	 * @param from the account to withdraw from
	 * @param to the account to credit
	 * @param amount a positive amount
	 * @return the receipt: withdrawn, credit on its way
	 * @throws AccountException if either account refused
	 */
	public TransferReceipt transfer(@Nullable String id, String from, String to, long amount) {
		String transferId = (id != null) ? id : UUID.randomUUID().toString();
		AccountView target = this.accounts.get(to).read().orThrow();
		if (amount > Long.MAX_VALUE - target.balance()) {
			throw new BalanceLimitExceededException(target, amount);
		}
		AccountView debited = this.accounts.get(from).transfer(transferId, to, amount).orThrow();
		return new TransferReceipt(transferId, from, to, amount, debited.balance());
	}

}
