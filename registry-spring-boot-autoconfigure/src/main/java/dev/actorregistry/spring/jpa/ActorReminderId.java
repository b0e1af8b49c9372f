package dev.actorregistry.spring.jpa;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import dev.actorregistry.reminder.Reminder;

/**
 * The natural key of a stored reminder: the registry's name, the actor's key as text and
 * the reminder's name.
 */
@Embeddable
class ActorReminderId implements Serializable {

	private static final long serialVersionUID = 1L;

	@Column(name = "registry", nullable = false, length = JpaStoreSupport.MAX_REGISTRY_LENGTH)
	private String registry;

	@Column(name = "actor_key", nullable = false, length = JpaStoreSupport.MAX_KEY_LENGTH)
	private String actorKey;

	@Column(name = "name", nullable = false, length = Reminder.MAX_NAME_LENGTH)
	private String name;

	protected ActorReminderId() {
		// for JPA
		this.registry = "";
		this.actorKey = "";
		this.name = "";
	}

	ActorReminderId(String registry, String actorKey, String name) {
		this.registry = registry;
		this.actorKey = actorKey;
		this.name = name;
	}

	String registry() {
		return this.registry;
	}

	String actorKey() {
		return this.actorKey;
	}

	String name() {
		return this.name;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ActorReminderId that && this.registry.equals(that.registry)
				&& this.actorKey.equals(that.actorKey) && this.name.equals(that.name));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.registry, this.actorKey, this.name);
	}

	@Override
	public String toString() {
		return this.registry + "/" + this.actorKey + "/" + this.name;
	}

}
