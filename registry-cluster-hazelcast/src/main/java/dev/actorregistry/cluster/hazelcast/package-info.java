/**
 * The registry's cluster seam ({@link dev.actorregistry.cluster.ActorCluster}) on an
 * embedded Hazelcast member: a key's actor lives on the owner of the key's Hazelcast
 * partition, and invocations are carried to that member by a dedicated executor, as
 * Hazelcast's own {@code IdentifiedDataSerializable} records (never Java serialization).
 */
@NullMarked
package dev.actorregistry.cluster.hazelcast;

import org.jspecify.annotations.NullMarked;
