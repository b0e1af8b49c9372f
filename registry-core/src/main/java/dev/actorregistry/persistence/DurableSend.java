package dev.actorregistry.persistence;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.invocation.Invocation;

/**
 * A durable send as its sender's outbox keeps it, from the save that made it until its
 * receiver has applied it: an {@link Invocation} sent by one actor to another, or the
 * answer that an invocation was refused, on its way back to the actor that sent it.
 *
 * @param id the send's id, unique across every registry and process; for an invocation,
 * the invocation's id
 * @param senderRegistry the sender's registry
 * @param senderKey the sender's key, as text
 * @param receiverRegistry the registry of the actor it goes to
 * @param receiverKey the key of the actor it goes to, as text
 * @param invocation the invocation sent; for a refusal, the invocation that was refused
 * @param refusal null for an invocation; for a refusal, why the receiver refused it (the
 * exception's type and message)
 * @param sentAt when the sender made it
 */
public record DurableSend(String id, String senderRegistry, String senderKey, String receiverRegistry,
		String receiverKey, Invocation invocation, @Nullable String refusal, Instant sentAt) {

	/**
	 * Create a durable send.
	 * @param id the send's id
	 * @param senderRegistry the sender's registry
	 * @param senderKey the sender's key, as text
	 * @param receiverRegistry the receiver's registry
	 * @param receiverKey the receiver's key, as text
	 * @param invocation the invocation
	 * @param refusal null, or why the invocation was refused
	 * @param sentAt when it was made
	 */
	public DurableSend {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(senderRegistry, "senderRegistry must not be null");
		Objects.requireNonNull(senderKey, "senderKey must not be null");
		Objects.requireNonNull(receiverRegistry, "receiverRegistry must not be null");
		Objects.requireNonNull(receiverKey, "receiverKey must not be null");
		Objects.requireNonNull(invocation, "invocation must not be null");
		Objects.requireNonNull(sentAt, "sentAt must not be null");
	}

	/**
	 * An invocation sent by an actor.
	 * @param senderRegistry the sender's registry
	 * @param senderKey the sender's key, as text
	 * @param invocation the invocation, which names its receiver
	 * @param sentAt when it was made
	 * @return the send
	 */
	public static DurableSend invocation(String senderRegistry, String senderKey, Invocation invocation,
			Instant sentAt) {
		return new DurableSend(invocation.id(), senderRegistry, senderKey, invocation.registry(), invocation.key(),
				invocation, null, sentAt);
	}

	/**
	 * The answer that a durable send's invocation was refused, sent back by its receiver
	 * to its sender, with an id of its own.
	 * @param refused the send whose invocation was refused
	 * @param id the answer's id
	 * @param reason why it was refused
	 * @param sentAt when the receiver refused it
	 * @return the answer, from the receiver to the sender
	 */
	public static DurableSend refusal(DurableSend refused, String id, String reason, Instant sentAt) {
		return new DurableSend(id, refused.receiverRegistry, refused.receiverKey, refused.senderRegistry,
				refused.senderKey, refused.invocation, reason, sentAt);
	}

	/**
	 * Whether this is the answer that an invocation was refused.
	 * @return whether it carries a refusal
	 */
	public boolean isRefusal() {
		return this.refusal != null;
	}

}
