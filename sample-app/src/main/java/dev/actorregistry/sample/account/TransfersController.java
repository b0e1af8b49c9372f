package dev.actorregistry.sample.account;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Moves money between accounts.
 */
@RestController
public class TransfersController {

	private final Transfers transfers;

	TransfersController(Transfers transfers) {
		this.transfers = transfers;
	}

	/**
	 * Transfer money: the amount leaves {@code from} before the answer, and its credit to
	 * {@code to} follows, durably.
	 * @param request the accounts and the amount, and optionally the transfer's id
	 * @return 202 Accepted with the receipt; 404 if either account is not open, 409 if
	 * {@code from} has less than the amount, if {@code to} cannot take it, or if the id
	 * was used for another transfer
	 */
	@PostMapping("/transfers")
	public ResponseEntity<TransferReceipt> transfer(@Valid @RequestBody TransferRequest request) {
		return ResponseEntity.accepted()
			.body(this.transfers.transfer(request.id(), request.requiredFrom(), request.requiredTo(),
					request.requiredAmount()));
	}

}
