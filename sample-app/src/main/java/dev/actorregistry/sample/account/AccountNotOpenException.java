package dev.actorregistry.sample.account;

import org.springframework.http.HttpStatus;

/**
 * The account has not been opened: 404.
 */
public class AccountNotOpenException extends AccountException {

	AccountNotOpenException(String id) {
		super(HttpStatus.NOT_FOUND, "account-not-open", "Account not open", id,
				"Account '" + id + "' is not open. Open it first with POST /accounts/" + id + ".");
	}

}
