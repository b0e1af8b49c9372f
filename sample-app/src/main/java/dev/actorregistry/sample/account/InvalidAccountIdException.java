package dev.actorregistry.sample.account;

import org.springframework.http.HttpStatus;

/**
 * An account id that breaks the rule of {@link AccountId}: 400, since no retry of the
 * same request can succeed. The {@code account} property shows the id abbreviated, so an
 * id of thousands of characters does not come back whole.
 */
public class InvalidAccountIdException extends AccountException {

	private static final int SHOWN = 80;

	InvalidAccountIdException(String id) {
		super(HttpStatus.BAD_REQUEST, "invalid-account-id", "Invalid account id", abbreviate(id),
				"Account id '" + abbreviate(id) + "' is not valid: an id is " + AccountId.RULE + ".");
		getBody().setProperty("rule", AccountId.PATTERN);
	}

	private static String abbreviate(String id) {
		return (id.length() <= SHOWN) ? id : id.substring(0, SHOWN) + "…(" + id.length() + " characters)";
	}

}
