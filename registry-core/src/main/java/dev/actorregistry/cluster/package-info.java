/**
 * The seam between the registry and a cluster engine: where a key's actor lives
 * ({@link dev.actorregistry.cluster.ActorCluster#placementOf}), how an invocation reaches
 * the member that owns it ({@link dev.actorregistry.cluster.ActorCluster#call}), and how
 * a member serves the invocations routed to it
 * ({@link dev.actorregistry.cluster.RemoteCalls}). The core has no engine of its own: the
 * {@code registry-cluster-hazelcast} module implements this package on Hazelcast.
 */
@NullMarked
package dev.actorregistry.cluster;

import org.jspecify.annotations.NullMarked;
