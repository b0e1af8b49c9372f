package dev.actorregistry.spring.jpa;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * The natural key of a stored state: the registry's name and the actor's key as text.
 */
@Embeddable
class ActorStateId implements Serializable {

	private static final long serialVersionUID = 1L;

	@Column(name = "registry", nullable = false, length = JpaStoreSupport.MAX_REGISTRY_LENGTH)
	private String registry;

	@Column(name = "actor_key", nullable = false, length = JpaStoreSupport.MAX_KEY_LENGTH)
	private String actorKey;

	protected ActorStateId() {
		// for JPA
		this.registry = "";
		this.actorKey = "";
	}

	ActorStateId(String registry, String actorKey) {
		this.registry = registry;
		this.actorKey = actorKey;
	}

	String registry() {
		return this.registry;
	}

	String actorKey() {
		return this.actorKey;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ActorStateId that && this.registry.equals(that.registry)
				&& this.actorKey.equals(that.actorKey));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.registry, this.actorKey);
	}

	@Override
	public String toString() {
		return this.registry + "/" + this.actorKey;
	}

}
