package dev.actorregistry.benchmarks;

import dev.actorregistry.invocation.ActorInterface;

/**
 * The counter's contract, for the benchmarks that call it through a proxy.
 */
@ActorInterface
public interface Counting {

	/**
	 * Count one message and answer the count.
	 * @return the count after
	 */
	long incrementAndGet();

	/**
	 * Count one message, one of a producer's batch.
	 * @param batch the batch the message belongs to, told that it ran
	 */
	void increment(Batch batch);

}
