package dev.actorregistry.sample.account;

import org.jspecify.annotations.Nullable;

/**
 * What an account answered to a message: its state afterwards, or why it refused.
 * <p>
 * Refusals are answers, not exceptions thrown on the actor's turn: a message that throws
 * counts as a failure of the actor and triggers the registry's failure policy, which is
 * for bugs, not for an overdraft. The caller turns a refusal into an exception with
 * {@link #orThrow()}.
 *
 * @param outcome done, or the reason for a refusal
 * @param account the account after the message
 * @param amount the amount asked for, when the outcome is about it
 * @param transferId the transfer's id, when the outcome is about it
 */
public record AccountReply(Outcome outcome, AccountView account, long amount, @Nullable String transferId) {

	static AccountReply done(AccountView account) {
		return new AccountReply(Outcome.DONE, account, 0, null);
	}

	static AccountReply notOpen(String id) {
		return new AccountReply(Outcome.NOT_OPEN, new AccountView(id, 0), 0, null);
	}

	static AccountReply alreadyOpen(AccountView account) {
		return new AccountReply(Outcome.ALREADY_OPEN, account, 0, null);
	}

	static AccountReply insufficientFunds(AccountView account, long amount) {
		return new AccountReply(Outcome.INSUFFICIENT_FUNDS, account, amount, null);
	}

	static AccountReply balanceLimitExceeded(AccountView account, long amount) {
		return new AccountReply(Outcome.BALANCE_LIMIT_EXCEEDED, account, amount, null);
	}

	static AccountReply transferIdReused(AccountView account, String transferId) {
		return new AccountReply(Outcome.TRANSFER_ID_REUSED, account, 0, transferId);
	}

	/**
	 * The account, if the message was done.
	 * @return the account after the message
	 * @throws AccountException why the account refused
	 */
	public AccountView orThrow() {
		return switch (this.outcome) {
			case DONE -> this.account;
			case NOT_OPEN -> throw new AccountNotOpenException(this.account.id());
			case ALREADY_OPEN -> throw new AccountAlreadyOpenException(this.account.id());
			case INSUFFICIENT_FUNDS -> throw new InsufficientFundsException(this.account, this.amount);
			case BALANCE_LIMIT_EXCEEDED -> throw new BalanceLimitExceededException(this.account, this.amount);
			case TRANSFER_ID_REUSED ->
				throw new TransferIdReusedException(this.account.id(), String.valueOf(this.transferId));
		};
	}

	/**
	 * Done, or the reason for a refusal.
	 */
	public enum Outcome {

		/** The operation was done. */
		DONE,
		/** The account is not open. */
		NOT_OPEN,
		/** The account is open already. */
		ALREADY_OPEN,
		/** The balance is less than the amount. */
		INSUFFICIENT_FUNDS,
		/** The balance would pass the largest one. */
		BALANCE_LIMIT_EXCEEDED,
		/** The transfer's id was used for another transfer. */
		TRANSFER_ID_REUSED

	}

}
