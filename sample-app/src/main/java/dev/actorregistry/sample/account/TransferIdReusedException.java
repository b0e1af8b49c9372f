package dev.actorregistry.sample.account;

import org.springframework.http.HttpStatus;

/**
 * A transfer whose id the account used already for a different transfer (another target
 * or amount): 409, and nothing is moved. The problem detail carries the
 * {@code transferId}.
 */
public class TransferIdReusedException extends AccountException {

	TransferIdReusedException(String account, String transferId) {
		super(HttpStatus.CONFLICT, "transfer-id-reused", "Transfer id reused", account, "Account '" + account
				+ "' made a different transfer with the id '" + transferId + "'; give each transfer an id of its own.");
		getBody().setProperty("transferId", transferId);
	}

}
