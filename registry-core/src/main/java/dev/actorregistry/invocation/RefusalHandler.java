package dev.actorregistry.invocation;

/**
 * Implemented by an actor that sends durably and must learn when a receiver refused a
 * send: the saga's compensation. The registry calls it on the actor's turn, once per
 * refusal, and saves the actor's state with the record of it, as for any durable send. An
 * actor whose sends are refused and that does not implement it has its refusals logged
 * and dropped.
 */
public interface RefusalHandler {

	/**
	 * A durable send of this actor was refused by its receiver.
	 * @param refusal the refused invocation, its arguments, and why
	 */
	void refused(Refusal refusal);

}
