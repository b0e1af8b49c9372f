package dev.actorregistry.spring.jpa;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * One past revision of an actor's state: a row of {@code actor_state_history}, written
 * with each save when {@code actors.persistence.history} is above zero and pruned to that
 * many last revisions of the key. Rows are written once and never updated.
 */
@Entity(name = "ActorRegistryStateRevision")
@Table(name = "actor_state_history",
		indexes = @Index(name = "actor_state_history_saved_at", columnList = "registry, actor_key, saved_at"))
@IdClass(ActorStateRevisionEntity.Id.class)
@Cacheable(false)
class ActorStateRevisionEntity {

	@jakarta.persistence.Id
	@Column(name = "registry", nullable = false, length = JpaStoreSupport.MAX_REGISTRY_LENGTH)
	private String registry;

	@jakarta.persistence.Id
	@Column(name = "actor_key", nullable = false, length = JpaStoreSupport.MAX_KEY_LENGTH)
	private String actorKey;

	@jakarta.persistence.Id
	@Column(name = "revision", nullable = false)
	private long revision;

	@Column(name = "state", nullable = false, length = JpaStateStore.MAX_STATE_LENGTH)
	private byte[] state;

	@Column(name = "state_type", nullable = false, length = 500)
	private String stateType;

	@Column(name = "key_id", length = 100)
	private @Nullable String keyId;

	@Column(name = "saved_at", nullable = false)
	private Instant savedAt;

	protected ActorStateRevisionEntity() {
		// for JPA
		this.registry = "";
		this.actorKey = "";
		this.state = new byte[0];
		this.stateType = "";
		this.savedAt = Instant.EPOCH;
	}

	ActorStateRevisionEntity(String registry, String actorKey, long revision, String stateType,
			StateCipher.Sealed sealed, Instant savedAt) {
		this.registry = registry;
		this.actorKey = actorKey;
		this.revision = revision;
		this.state = sealed.data();
		this.stateType = stateType;
		this.keyId = sealed.keyId();
		this.savedAt = savedAt;
	}

	String actorKey() {
		return this.actorKey;
	}

	String registry() {
		return this.registry;
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

	Instant savedAt() {
		return this.savedAt;
	}

	/**
	 * The key of a history row: registry, actor key and revision.
	 */
	static class Id implements Serializable {

		private static final long serialVersionUID = 1L;

		private String registry = "";

		private String actorKey = "";

		private long revision;

		protected Id() {
			// for JPA
		}

		@Override
		public boolean equals(Object other) {
			return this == other || (other instanceof Id that && this.registry.equals(that.registry)
					&& this.actorKey.equals(that.actorKey) && this.revision == that.revision);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.registry, this.actorKey, this.revision);
		}

	}

}
