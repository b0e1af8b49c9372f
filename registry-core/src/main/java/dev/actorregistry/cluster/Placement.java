package dev.actorregistry.cluster;

import org.jspecify.annotations.Nullable;

/**
 * Where an actor lives now: the partition its key falls in and the member that owns it,
 * as this member's copy of the cluster's partition table says.
 *
 * @param partition the key's partition, fixed for the cluster's life
 * @param owner the id of the member that owns the partition, or null while no member does
 * (the cluster is forming, or the owner just left)
 * @param local whether this member is the owner
 */
public record Placement(int partition, @Nullable String owner, boolean local) {

	/**
	 * Whether no member owns the key now: a call waits or is tried again.
	 * @return whether the owner is unknown
	 */
	public boolean isUnowned() {
		return this.owner == null;
	}

}
