package dev.actorregistry.benchmarks.http;

/**
 * A deposit's request body.
 *
 * @param amount the amount to deposit
 */
record Amount(long amount) {

}
