package dev.actorregistry.invocation;

import java.util.concurrent.CompletionStage;

import dev.actorregistry.persistence.DurableSend;

/**
 * The receiving end of durable sends in one registry: what an {@link InvocationRouter}
 * hands each send addressed to that registry. A registry built with
 * {@link dev.actorregistry.ActorRegistryBuilder#durableSends durable sends} registers one
 * with its router.
 */
public interface DurableReceiver {

	/**
	 * Apply a send on its receiver's turn, once: a send whose id the receiver recorded
	 * already is answered from the record.
	 * @param send the send
	 * @return completes once the receiver's state and the record of the send are saved;
	 * fails if they could not be (then deliver it again later)
	 */
	CompletionStage<DeliveryOutcome> receive(DurableSend send);

	/**
	 * The sender has learnt of the delivery and the store dropped the record: a live
	 * receiver drops it from memory too. Never starts an actor.
	 * @param send the send
	 */
	void forget(DurableSend send);

}
