package dev.actorregistry.sample.account;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import dev.actorregistry.invocation.ActorClient;

/**
 * Opens, reads, credits and debits accounts. Every call is a message to the account's
 * actor, made through its contract, {@link BankAccount}: the request thread waits for the
 * actor's answer, up to the registry's ask timeout.
 */
@RestController
@RequestMapping("/accounts")
public class AccountsController {

	private final ActorClient<String, BankAccount> accounts;

	AccountsController(ActorClient<String, BankAccount> accounts) {
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
	public ResponseEntity<AccountView> open(@PathVariable String id, UriComponentsBuilder uris) {
		AccountId.requireValid(id);
		AccountView account = this.accounts.get(id).open().orThrow();
		return ResponseEntity.created(uris.path("/accounts/{id}").buildAndExpand(id).toUri()).body(account);
	}

	/**
	 * Read an account.
	 * @param id the account's id
	 * @return the account; 404 if it is not open
	 * @throws InvalidAccountIdException if the id breaks the rule of {@link AccountId}
	 */
	@GetMapping("/{id}")
	public AccountView read(@PathVariable String id) {
		AccountId.requireValid(id);
		return this.accounts.get(id).read().orThrow();
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
	public AccountView deposit(@PathVariable String id, @Valid @RequestBody AmountRequest request) {
		AccountId.requireValid(id);
		return this.accounts.get(id).deposit(request.requiredAmount()).orThrow();
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
	public AccountView withdraw(@PathVariable String id, @Valid @RequestBody AmountRequest request) {
		AccountId.requireValid(id);
		return this.accounts.get(id).withdraw(request.requiredAmount()).orThrow();
	}

}
