package dev.actorregistry.spring.jpa;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A durable send an actor applied or refused: a row of {@code actor_inbox}, inserted with
 * the actor's state in the same transaction and deleted once the sender has learnt of the
 * delivery (or with the actor's state). Rows are never updated: the entity has no
 * setters.
 * <p>
 * Like {@link ActorOutboxEntity}, rows are inserted with plain JDBC batches and read
 * through the entity.
 */
@Entity(name = "ActorRegistryInbox")
@Table(name = "actor_inbox")
@IdClass(ActorInboxEntity.Id.class)
@Cacheable(false)
class ActorInboxEntity {

	@jakarta.persistence.Id
	@Column(name = "registry", nullable = false, length = JpaStoreSupport.MAX_REGISTRY_LENGTH)
	private String registry;

	@jakarta.persistence.Id
	@Column(name = "actor_key", nullable = false, length = JpaStoreSupport.MAX_KEY_LENGTH)
	private String actorKey;

	@jakarta.persistence.Id
	@Column(name = "send_id", nullable = false, length = JpaStoreSupport.MAX_SEND_ID_LENGTH)
	private String sendId;

	@Column(name = "refusal", length = JpaStoreSupport.MAX_REFUSAL_LENGTH)
	private @Nullable String refusal;

	@Column(name = "key_id", length = StateCipher.MAX_KEY_ID_LENGTH)
	private @Nullable String keyId;

	@Column(name = "applied_at", nullable = false)
	private Instant appliedAt;

	protected ActorInboxEntity() {
		// for JPA
		this.registry = "";
		this.actorKey = "";
		this.sendId = "";
		this.appliedAt = Instant.EPOCH;
	}

	String sendId() {
		return this.sendId;
	}

	@Nullable String refusal() {
		return this.refusal;
	}

	@Nullable String keyId() {
		return this.keyId;
	}

	Instant appliedAt() {
		return this.appliedAt;
	}

	/**
	 * The key of an inbox row: the actor's registry and key, and the send's id.
	 */
	static class Id implements Serializable {

		private static final long serialVersionUID = 1L;

		private String registry = "";

		private String actorKey = "";

		private String sendId = "";

		protected Id() {
			// for JPA
		}

		@Override
		public boolean equals(Object other) {
			return this == other || (other instanceof Id that && this.registry.equals(that.registry)
					&& this.actorKey.equals(that.actorKey) && this.sendId.equals(that.sendId));
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.registry, this.actorKey, this.sendId);
		}

	}

}
