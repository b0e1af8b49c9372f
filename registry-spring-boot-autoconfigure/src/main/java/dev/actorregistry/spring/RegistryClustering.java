package dev.actorregistry.spring;

import java.util.Objects;
import java.util.function.Predicate;

import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.invocation.InvocationCodec;

/**
 * Which registries of the application share their keys with the other members of a
 * cluster, and what they are built with: the cluster's seam and the codec of the calls
 * carried between members. Public so the auto-configuration, in another package, can hand
 * it to {@link ActorRegistries}.
 *
 * @param cluster the cluster
 * @param codec writes and reads the arguments and results of calls between members
 * @param clustered whether a registry (by name) is clustered; false keeps it per-node
 */
public record RegistryClustering(ActorCluster cluster, InvocationCodec codec, Predicate<String> clustered) {

	/**
	 * Check the parts.
	 */
	public RegistryClustering {
		Objects.requireNonNull(cluster, "cluster must not be null");
		Objects.requireNonNull(codec, "codec must not be null");
		Objects.requireNonNull(clustered, "clustered must not be null");
	}

	/**
	 * Whether a registry shares its keys with the other members.
	 * @param registry the registry's name
	 * @return true if it is built clustered
	 */
	public boolean includes(String registry) {
		return this.clustered.test(registry);
	}

}
