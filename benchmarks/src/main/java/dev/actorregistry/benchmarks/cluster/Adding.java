package dev.actorregistry.benchmarks.cluster;

import java.util.concurrent.CompletionStage;

import dev.actorregistry.invocation.ActorInterface;

/**
 * The contract the routed calls go through: an amount in, the new total out.
 */
@ActorInterface
public interface Adding {

	/**
	 * Add to the total, the caller waiting for the answer.
	 * @param amount what to add
	 * @return the total after
	 */
	long add(long amount);

	/**
	 * Add to the total without waiting: what lets a caller keep many calls in flight.
	 * @param amount what to add
	 * @return the total after
	 */
	CompletionStage<Long> addAsync(long amount);

}
