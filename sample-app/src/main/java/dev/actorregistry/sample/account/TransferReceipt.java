package dev.actorregistry.sample.account;

/**
 * A transfer that was accepted: the amount left {@code from}, and its credit to
 * {@code to} is on its way, durably: made once, or refunded to {@code from} if {@code to}
 * refuses it.
 *
 * @param id the transfer's id, to ask for it again if the answer was lost
 * @param from the account withdrawn from
 * @param to the account to credit
 * @param amount the amount moved
 * @param fromBalance the balance of {@code from} after the withdrawal (its current one,
 * for a transfer asked for again)
 */
public record TransferReceipt(String id, String from, String to, long amount, long fromBalance) {
}
