package dev.actorregistry.sample.account;

import org.springframework.http.HttpStatus;

/**
 * A deposit that would take the balance past the largest one an account can hold
 * ({@link Long#MAX_VALUE}): 409, for the reason insufficient funds is 409: the request is
 * valid, and the same request succeeds once the account's state changes (after a
 * withdrawal). The problem detail carries the {@code balance}, the {@code amount} and the
 * {@code limit}; the balance is unchanged.
 */
public class BalanceLimitExceededException extends AccountException {

	BalanceLimitExceededException(AccountView account, long amount) {
		super(HttpStatus.CONFLICT, "balance-limit-exceeded", "Balance limit exceeded", account.id(),
				"Account '" + account.id() + "' has a balance of " + account.balance() + ": a deposit of " + amount
						+ " would take it past the largest balance, " + Long.MAX_VALUE + ".");
		getBody().setProperty("balance", account.balance());
		getBody().setProperty("amount", amount);
		getBody().setProperty("limit", Long.MAX_VALUE);
	}

}
