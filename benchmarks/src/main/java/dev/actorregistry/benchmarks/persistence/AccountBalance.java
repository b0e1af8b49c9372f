package dev.actorregistry.benchmarks.persistence;

/**
 * The state an {@link ActorAccount} saves through the registry's state store.
 *
 * @param balance the balance
 */
public record AccountBalance(long balance) {

}
