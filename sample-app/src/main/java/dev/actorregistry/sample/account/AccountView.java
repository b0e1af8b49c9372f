package dev.actorregistry.sample.account;

/**
 * An account as the API shows it.
 *
 * @param id the account's id
 * @param balance its balance, in the currency's smallest unit (cents, say)
 */
public record AccountView(String id, long balance) {
}
