package dev.actorregistry.sample.account;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Service;

import dev.actorregistry.ActorRegistry;

/**
 * Moves money between two accounts: a withdrawal from one actor, then a deposit to the
 * other, and a refund of the withdrawal if the deposit fails.
 * <p>
 * Each account is consistent on its own, but a transfer is not atomic across the two: in
 * the moment between the withdrawal and a refund, the money is in neither account.
 */
@Service
public class Transfers {

	private static final Log logger = LogFactory.getLog(Transfers.class);

	private final ActorRegistry<String, Account> accounts;

	Transfers(ActorRegistry<String, Account> accounts) {
		this.accounts = accounts;
	}

	/**
	 * Move {@code amount} from one account to another.
	 * @param from the account to withdraw from
	 * @param to the account to deposit to
	 * @param amount a positive amount
	 * @return the receipt; fails with the withdrawal's refusal, or with the deposit's
	 * after the amount was refunded
	 */
	public CompletableFuture<TransferReceipt> transfer(String from, String to, long amount) {
		return this.accounts.ask(from, (account) -> account.withdraw(amount))
			.thenApply(AccountReply::orThrow)
			.thenCompose((debited) -> this.accounts.ask(to, (account) -> account.deposit(amount))
				.thenApply(AccountReply::orThrow)
				.thenApply((credited) -> new TransferReceipt(from, to, amount, debited.balance(), credited.balance()))
				.exceptionallyCompose((failure) -> refund(from, to, amount, unwrap(failure))));
	}

	private CompletableFuture<TransferReceipt> refund(String from, String to, long amount, Throwable depositFailure) {
		return this.accounts.ask(from, (account) -> account.deposit(amount))
			.thenApply(AccountReply::orThrow)
			.handle((refunded, refundFailure) -> {
				if (refundFailure != null) {
					// The money left one account and reached none: nothing here can
					// repair that, so an operator must hear of it.
					logger.error("Transfer of " + amount + " from '" + from + "' to '" + to
							+ "' failed, and so did the refund to '" + from + "'", unwrap(refundFailure));
					depositFailure.addSuppressed(unwrap(refundFailure));
				}
				throw new CompletionException(depositFailure);
			});
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
