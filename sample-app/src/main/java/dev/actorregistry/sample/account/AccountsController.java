package dev.actorregistry.sample.account;

import java.util.concurrent.CompletableFuture;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import dev.actorregistry.ActorRegistry;

/**
 * Opens, reads, credits and debits accounts. Every call is a message to the account's
 * actor; the request thread returns at once and the response is written when the actor
 * answers.
 */
@RestController
@RequestMapping("/accounts")
public class AccountsController {

	private final ActorRegistry<String, Account> accounts;

	AccountsController(ActorRegistry<String, Account> accounts) {
		this.accounts = accounts;
	}

	/**
	 * Open an account with a zero balance.
	 * @param id the account's id
	 * @param uris builds the new account's location
	 * @return 201 with the account; 409 if it is open already
	 * @throws InvalidAccountIdException if the id breaks the rule of {@link AccountId}
	 */
	@PostMapping("/{id}")
	public CompletableFuture<ResponseEntity<AccountView>> open(@PathVariable String id, UriComponentsBuilder uris) {
		AccountId.requireValid(id);
		// built here, on the request's thread: the reply arrives on an actor's thread
		var location = uris.path("/accounts/{id}").buildAndExpand(id).toUri();
		return this.accounts.ask(id, Account::open)
			.thenApply(AccountReply::orThrow)
			.thenApply((account) -> ResponseEntity.created(location).body(account));
	}

	/**
	 * Read an account.
	 * @param id the account's id
	 * @return the account; 404 if it is not open
	 * @throws InvalidAccountIdException if the id breaks the rule of {@link AccountId}
	 */
	@GetMapping("/{id}")
	public CompletableFuture<AccountView> read(@PathVariable String id) {
		AccountId.requireValid(id);
		return this.accounts.ask(id, Account::read).thenApply(AccountReply::orThrow);
	}

	/**
	 * Deposit money.
	 * @param id the account's id
	 * @param request the amount
	 * @return the account after the deposit; 404 if it is not open, 409 if the balance
	 * would pass {@link Long#MAX_VALUE}
	 * @throws InvalidAccountIdException if the id breaks the rule of {@link AccountId}
	 */
	@PostMapping("/{id}/deposits")
	public CompletableFuture<AccountView> deposit(@PathVariable String id, @Valid @RequestBody AmountRequest request) {
		AccountId.requireValid(id);
		long amount = request.requiredAmount();
		return this.accounts.ask(id, (account) -> account.deposit(amount)).thenApply(AccountReply::orThrow);
	}

	/**
	 * Withdraw money.
	 * @param id the account's id
	 * @param request the amount
	 * @return the account after the withdrawal; 404 if it is not open, 409 if its balance
	 * is less than the amount
	 * @throws InvalidAccountIdException if the id breaks the rule of {@link AccountId}
	 */
	@PostMapping("/{id}/withdrawals")
	public CompletableFuture<AccountView> withdraw(@PathVariable String id, @Valid @RequestBody AmountRequest request) {
		AccountId.requireValid(id);
		long amount = request.requiredAmount();
		return this.accounts.ask(id, (account) -> account.withdraw(amount)).thenApply(AccountReply::orThrow);
	}

}
