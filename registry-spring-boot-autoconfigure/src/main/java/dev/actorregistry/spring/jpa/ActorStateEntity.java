package dev.actorregistry.spring.jpa;

import java.time.Instant;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * The latest state of one actor: a row of {@code actor_state}. Its revision is the JPA
 * version, so an update whose revision is no longer the stored one changes no row and
 * fails: the fencing token of the key.
 * <p>
 * The entity name is qualified so it cannot clash with an entity of the application.
 * States are never taken from a second-level cache: a stale cached revision would hand an
 * activation a state another instance already replaced.
 */
@Entity(name = "ActorRegistryState")
@Table(name = "actor_state")
@Cacheable(false)
class ActorStateEntity {

	@EmbeddedId
	private ActorStateId id;

	/**
	 * Set to 1 by the first save. Hibernate keeps a version the application set on a new
	 * entity (it seeds only a null or negative one), and increments it on each update.
	 */
	@Version
	@Column(name = "revision", nullable = false)
	private long revision;

	@Column(name = "state", nullable = false, length = JpaStateStore.MAX_STATE_LENGTH)
	private byte[] state;

	@Column(name = "state_type", nullable = false, length = 500)
	private String stateType;

	@Column(name = "key_id", length = StateCipher.MAX_KEY_ID_LENGTH)
	private @Nullable String keyId;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected ActorStateEntity() {
		// for JPA
		this.id = new ActorStateId();
		this.state = new byte[0];
		this.stateType = "";
		this.updatedAt = Instant.EPOCH;
	}

	ActorStateEntity(ActorStateId id, String stateType, StateCipher.Sealed sealed, Instant updatedAt) {
		this.id = id;
		this.revision = 1;
		this.stateType = stateType;
		this.state = sealed.data();
		this.keyId = sealed.keyId();
		this.updatedAt = updatedAt;
	}

	void update(String stateType, StateCipher.Sealed sealed, Instant updatedAt) {
		this.stateType = stateType;
		this.state = sealed.data();
		this.keyId = sealed.keyId();
		this.updatedAt = updatedAt;
	}

	ActorStateId id() {
		return this.id;
	}

	long revision() {
		return this.revision;
	}

	byte[] state() {
		return this.state;
	}

	String stateType() {
		return this.stateType;
	}

	@Nullable String keyId() {
		return this.keyId;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

}
