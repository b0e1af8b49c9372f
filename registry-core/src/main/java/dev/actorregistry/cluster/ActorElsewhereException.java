package dev.actorregistry.cluster;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;

/**
 * A key's actor lives on another member of the cluster, or on none right now, and what
 * was asked of it cannot be sent there: a lambda ({@code ask}, {@code tell},
 * {@code call}) or a start. Call the actor through its typed interface instead, which
 * routes the call to the member that owns the key.
 */
public class ActorElsewhereException extends ActorRegistryException {

	private final @Nullable String owner;

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the key
	 * @param owner the member that owns the key, or null if none does now
	 */
	public ActorElsewhereException(String registry, Object key, @Nullable String owner) {
		super(registry, key,
				(owner != null) ? "it lives on member " + owner + " of the cluster, not on this one"
						: "no member of the cluster owns it right now (the cluster is forming, or its owner left)",
				(owner != null)
						? "Call it through its typed interface (registry.client(Contract.class)), which routes the call "
								+ "to its owner; a lambda cannot be sent to another member"
						: "Try again in a moment, through its typed interface",
				null);
		this.owner = owner;
	}

	/**
	 * The member that owns the key.
	 * @return its id, or null if none does now
	 */
	public @Nullable String owner() {
		return this.owner;
	}

}
