package dev.actorregistry.benchmarks.http;

/**
 * A deposit's response body: the account's balance after it.
 *
 * @param balance the balance
 */
record Balance(long balance) {

}
