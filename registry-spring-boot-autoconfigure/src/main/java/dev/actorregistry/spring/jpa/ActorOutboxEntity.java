package dev.actorregistry.spring.jpa;

import java.time.Instant;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.invocation.Invocation;

/**
 * A durable send not yet delivered: a row of {@code actor_outbox}, inserted with its
 * sender's state in the same transaction and deleted once its receiver has applied or
 * refused it. Rows are never updated: the entity has no setters.
 * <p>
 * The store inserts rows with plain JDBC batches, on the transaction's connection; the
 * entity maps the table so that Hibernate validates (or creates) it with the others, and
 * so that the store reads it with queries.
 */
@Entity(name = "ActorRegistryOutbox")
@Table(name = "actor_outbox",
		indexes = { @Index(name = "actor_outbox_sent_at", columnList = "sender_registry, sent_at"),
				@Index(name = "actor_outbox_sender", columnList = "sender_registry, sender_key, sent_at") })
@Cacheable(false)
class ActorOutboxEntity {

	@Id
	@Column(name = "id", nullable = false, length = JpaStoreSupport.MAX_SEND_ID_LENGTH)
	private String id;

	@Column(name = "sender_registry", nullable = false, length = JpaStoreSupport.MAX_REGISTRY_LENGTH)
	private String senderRegistry;

	@Column(name = "sender_key", nullable = false, length = JpaStoreSupport.MAX_KEY_LENGTH)
	private String senderKey;

	@Column(name = "receiver_registry", nullable = false, length = JpaStoreSupport.MAX_REGISTRY_LENGTH)
	private String receiverRegistry;

	@Column(name = "receiver_key", nullable = false, length = JpaStoreSupport.MAX_KEY_LENGTH)
	private String receiverKey;

	@Column(name = "invocation_id", nullable = false, length = JpaStoreSupport.MAX_SEND_ID_LENGTH)
	private String invocationId;

	@Column(name = "invocation_registry", nullable = false, length = JpaStoreSupport.MAX_REGISTRY_LENGTH)
	private String invocationRegistry;

	@Column(name = "invocation_key", nullable = false, length = JpaStoreSupport.MAX_KEY_LENGTH)
	private String invocationKey;

	@Column(name = "contract", nullable = false, length = JpaStoreSupport.MAX_CONTRACT_LENGTH)
	private String contract;

	@Column(name = "operation", nullable = false, length = JpaStoreSupport.MAX_OPERATION_LENGTH)
	private String operation;

	@Column(name = "arguments", nullable = false, length = JpaStateStore.MAX_STATE_LENGTH)
	private byte[] arguments;

	@Column(name = "refusal", length = JpaStoreSupport.MAX_REFUSAL_LENGTH)
	private @Nullable String refusal;

	@Column(name = "key_id", length = StateCipher.MAX_KEY_ID_LENGTH)
	private @Nullable String keyId;

	@Column(name = "sent_at", nullable = false)
	private Instant sentAt;

	protected ActorOutboxEntity() {
		// for JPA
		this.id = "";
		this.senderRegistry = "";
		this.senderKey = "";
		this.receiverRegistry = "";
		this.receiverKey = "";
		this.invocationId = "";
		this.invocationRegistry = "";
		this.invocationKey = "";
		this.contract = "";
		this.operation = "";
		this.arguments = new byte[0];
		this.sentAt = Instant.EPOCH;
	}

	String id() {
		return this.id;
	}

	String senderRegistry() {
		return this.senderRegistry;
	}

	String senderKey() {
		return this.senderKey;
	}

	String receiverRegistry() {
		return this.receiverRegistry;
	}

	String receiverKey() {
		return this.receiverKey;
	}

	/**
	 * The invocation the row carries, its arguments as stored.
	 * @return the invocation
	 */
	Invocation invocation() {
		return new Invocation(this.invocationId, this.invocationRegistry, this.invocationKey, this.contract,
				this.operation, this.arguments);
	}

	@Nullable String refusal() {
		return this.refusal;
	}

	@Nullable String keyId() {
		return this.keyId;
	}

	Instant sentAt() {
		return this.sentAt;
	}

}
