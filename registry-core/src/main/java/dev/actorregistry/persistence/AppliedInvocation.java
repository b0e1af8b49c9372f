package dev.actorregistry.persistence;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A durable send that an actor has applied, kept with its state in its inbox until the
 * sender has learnt of the delivery, so that a send delivered again is answered from this
 * record rather than applied twice.
 *
 * @param id the send's id
 * @param refusal null if the actor applied it; else why the actor refused it
 * @param appliedAt when the actor applied or refused it
 */
public record AppliedInvocation(String id, @Nullable String refusal, Instant appliedAt) {

	/**
	 * Create a record.
	 * @param id the send's id
	 * @param refusal null, or why it was refused
	 * @param appliedAt when it was applied or refused
	 */
	public AppliedInvocation {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(appliedAt, "appliedAt must not be null");
	}

}
