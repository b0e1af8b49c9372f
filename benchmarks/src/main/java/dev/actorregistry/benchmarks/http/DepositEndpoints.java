package dev.actorregistry.benchmarks.http;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.actorregistry.ActorRegistry;

/**
 * The same deposit endpoint several ways: JSON in, the new balance as JSON out, the same
 * validation (none) and the same path shape, so that they differ only in how the update
 * is serialized and how the request thread waits for it.
 */
@RestController
class DepositEndpoints {

	private final Map<Long, Long> balances = new HashMap<>();

	private final ActorRegistry<Long, HopAccount> accounts;

	DepositEndpoints(ActorRegistry<Long, HopAccount> accounts) {
		this.accounts = accounts;
	}

	/**
	 * The baseline a user writes without the registry: a map guarded by its monitor.
	 * @param id the account
	 * @param request the amount
	 * @return the balance after the deposit
	 */
	@PostMapping("/map/{id}/deposits")
	Balance depositIntoMap(@PathVariable long id, @RequestBody Amount request) {
		synchronized (this.balances) {
			return new Balance(this.balances.merge(id, request.amount(), Long::sum));
		}
	}

	/**
	 * The actor, the reply returned as a future: Spring MVC starts async processing and
	 * dispatches the request a second time when the future completes.
	 * @param id the account
	 * @param request the amount
	 * @return the balance after the deposit, when the actor answers
	 */
	@PostMapping("/future/{id}/deposits")
	CompletableFuture<Balance> depositReturningFuture(@PathVariable long id, @RequestBody Amount request) {
		long amount = request.amount();
		return this.accounts.ask(id, (account) -> account.deposit(amount));
	}

	/**
	 * The actor, the request thread waiting for the reply: one dispatch, the thread
	 * parked meanwhile (cheap on a virtual thread); the registry's ask timeout bounds the
	 * wait.
	 * @param id the account
	 * @param request the amount
	 * @return the balance after the deposit
	 */
	@PostMapping("/join/{id}/deposits")
	Balance depositJoining(@PathVariable long id, @RequestBody Amount request) {
		long amount = request.amount();
		return this.accounts.ask(id, (account) -> account.deposit(amount)).join();
	}

	/**
	 * The actor, through {@code call}: the request thread waits for the reply as with
	 * {@code join()}, and may run the message itself without waking the actors' pool.
	 * @param id the account
	 * @param request the amount
	 * @return the balance after the deposit
	 */
	@PostMapping("/call/{id}/deposits")
	Balance depositCalling(@PathVariable long id, @RequestBody Amount request) {
		long amount = request.amount();
		return this.accounts.call(id, (account) -> account.deposit(amount));
	}

}
