package dev.actorregistry.persistence;

import java.util.List;

/**
 * What a save of an actor's state stores beside the state, in the same transaction: the
 * durable sends the actor made since its last save (its outbox grows), and the sends it
 * applied or refused (its inbox grows).
 *
 * @param sent new durable sends, in the order the actor made them
 * @param applied new inbox records
 */
public record DurableChanges(List<DurableSend> sent, List<AppliedInvocation> applied) {

	/** Nothing beside the state. */
	public static final DurableChanges NONE = new DurableChanges(List.of(), List.of());

	/**
	 * Create changes; the lists are copied.
	 * @param sent new durable sends
	 * @param applied new inbox records
	 */
	public DurableChanges {
		sent = List.copyOf(sent);
		applied = List.copyOf(applied);
	}

	/**
	 * Whether there is nothing beside the state.
	 * @return whether both lists are empty
	 */
	public boolean isEmpty() {
		return this.sent.isEmpty() && this.applied.isEmpty();
	}

}
