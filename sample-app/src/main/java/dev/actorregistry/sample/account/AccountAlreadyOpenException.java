package dev.actorregistry.sample.account;

import org.springframework.http.HttpStatus;

/**
 * The account is open already: 409.
 */
public class AccountAlreadyOpenException extends AccountException {

	AccountAlreadyOpenException(String id) {
		super(HttpStatus.CONFLICT, "account-already-open", "Account already open", id,
				"Account '" + id + "' is open already; its balance is unchanged.");
	}

}
