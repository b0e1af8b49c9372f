package dev.actorregistry.invocation;

/**
 * What the receiver of a durable send answered. Each ends the delivery: the send leaves
 * its sender's outbox.
 */
public enum DeliveryOutcome {

	/** The receiver applied the invocation now, and saved its state with the record. */
	APPLIED,

	/**
	 * The receiver's operation threw: the refusal is recorded with the receiver's state,
	 * and sent back durably to the sender's {@link RefusalHandler}.
	 */
	REFUSED,

	/**
	 * The receiver had applied or refused this send already, and answered from its record
	 * without running it again.
	 */
	DUPLICATE

}
