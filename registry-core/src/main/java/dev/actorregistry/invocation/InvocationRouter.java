package dev.actorregistry.invocation;

import java.util.concurrent.CompletionStage;

import dev.actorregistry.persistence.DurableSend;

/**
 * Carries durable sends from the registry that made them to the registry they are
 * addressed to, by name: in one process ({@link LocalInvocationRouter}), or between the
 * processes of a cluster. Registries that send to each other durably share one router and
 * one state store.
 */
public interface InvocationRouter {

	/**
	 * A registry receives the sends addressed to its name through this router.
	 * @param registry the registry's name
	 * @param receiver its receiving end
	 * @throws DurableSendException if another receiver has that name
	 */
	void register(String registry, DurableReceiver receiver);

	/**
	 * A registry no longer receives sends, as it drains.
	 * @param registry the registry's name
	 * @param receiver the receiver it registered
	 */
	void unregister(String registry, DurableReceiver receiver);

	/**
	 * Hand a send to its receiver.
	 * @param send the send
	 * @return the receiver's answer; fails if the send could not be applied now (no
	 * receiver of that name, a failed save, a timeout), and the sender tries again later
	 */
	CompletionStage<DeliveryOutcome> deliver(DurableSend send);

	/**
	 * The sender learnt of a delivery, and the store dropped the send and its record:
	 * tell the receiver, so a live actor forgets the record too.
	 * @param send the send
	 */
	void delivered(DurableSend send);

}
