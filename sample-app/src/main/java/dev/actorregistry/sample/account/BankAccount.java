package dev.actorregistry.sample.account;

import dev.actorregistry.invocation.ActorInterface;

/**
 * What a bank account does, as its callers see it: the contract of the {@link Account}
 * actor, called through the {@code ActorClient<String, BankAccount>} bean. Each call is
 * one message to the account's actor; the caller waits for the reply, up to the
 * registry's ask timeout.
 * <p>
 * Refusals (not open, insufficient funds...) are answers, {@link AccountReply}, not
 * exceptions: a message that throws counts as a failure of the actor, which is for bugs.
 * The one exception is {@link #credit}, which only other accounts call, durably: there a
 * refusal must be thrown, so that it comes back to the sender, which refunds.
 */
@ActorInterface
public interface BankAccount {

	/**
	 * Open the account with a zero balance.
	 * @return done, or already open
	 */
	AccountReply open();

	/**
	 * Read the account.
	 * @return done with the balance, or not open
	 */
	AccountReply read();

	/**
	 * Deposit money.
	 * @param amount a positive amount
	 * @return done with the new balance, not open, or balance limit exceeded
	 */
	AccountReply deposit(long amount);

	/**
	 * Withdraw money.
	 * @param amount a positive amount
	 * @return done with the new balance, not open, or insufficient funds
	 */
	AccountReply withdraw(long amount);

	/**
	 * Move money to another account: withdraw it from this one and, in the same save,
	 * send {@link #credit} durably to the other. Once this answers done, the credit is
	 * made once, even if the process is killed; if the other account refuses it, the
	 * amount comes back to this one.
	 * @param transferId the transfer's id: a transfer made again with an id this account
	 * used for one of its latest transfers is answered without moving money again
	 * @param to the account to credit
	 * @param amount a positive amount
	 * @return done with the balance after the withdrawal, not open, insufficient funds,
	 * or transfer id reused (by a different transfer)
	 */
	AccountReply transfer(String transferId, String to, long amount);

	/**
	 * The credit of a transfer, sent durably by the account it comes from; not for other
	 * callers.
	 * @param transferId the transfer's id
	 * @param amount a positive amount
	 * @throws AccountException to refuse it: the sender then refunds the amount
	 */
	void credit(String transferId, long amount);

}
