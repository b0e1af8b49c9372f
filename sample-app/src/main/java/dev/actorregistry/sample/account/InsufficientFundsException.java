package dev.actorregistry.sample.account;

import org.springframework.http.HttpStatus;

/**
 * The balance is less than the amount to withdraw: 409, since the same request succeeds
 * once the account's state changes (after a deposit), which is what 409 Conflict means;
 * the request itself is valid, so not 422. The problem detail carries the {@code balance}
 * and the {@code amount} asked for.
 */
public class InsufficientFundsException extends AccountException {

	InsufficientFundsException(AccountView account, long amount) {
		super(HttpStatus.CONFLICT, "insufficient-funds", "Insufficient funds", account.id(), "Account '" + account.id()
				+ "' has a balance of " + account.balance() + ", less than the " + amount + " asked for.");
		getBody().setProperty("balance", account.balance());
		getBody().setProperty("amount", amount);
	}

}
