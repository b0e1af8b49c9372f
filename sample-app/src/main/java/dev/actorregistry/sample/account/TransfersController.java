package dev.actorregistry.sample.account;

import java.util.concurrent.CompletableFuture;

import jakarta.validation.Valid;
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
	 * Transfer money.
	 * @param request the accounts and the amount
	 * @return the receipt; 404 if either account is not open, 409 if {@code from} has
	 * less than the amount
	 */
	@PostMapping("/transfers")
	public CompletableFuture<TransferReceipt> transfer(@Valid @RequestBody TransferRequest request) {
		return this.transfers.transfer(request.requiredFrom(), request.requiredTo(), request.requiredAmount());
	}

}
