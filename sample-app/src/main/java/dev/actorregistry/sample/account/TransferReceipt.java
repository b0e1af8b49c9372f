package dev.actorregistry.sample.account;

/**
 * A transfer that was done.
 *
 * @param from the account withdrawn from
 * @param to the account deposited to
 * @param amount the amount moved
 * @param fromBalance the balance of {@code from} right after the withdrawal
 * @param toBalance the balance of {@code to} right after the deposit
 */
public record TransferReceipt(String from, String to, long amount, long fromBalance, long toBalance) {
}
