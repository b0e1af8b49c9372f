package dev.actorregistry.internal;

import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.invocation.InvocationCodec;

/**
 * How a registry shares its keys with the other members of a cluster, set by the builder.
 *
 * @param cluster the engine's seam
 * @param codec writes and reads the arguments and results of routed calls
 */
public record ClusterConfig(ActorCluster cluster, InvocationCodec codec) {
}
