/**
 * Cluster mode: the registries of every instance of the application share their keys on
 * an embedded Hazelcast member, when {@code actors.cluster.enabled} is true and
 * {@code registry-cluster-hazelcast} is on the classpath.
 */
@NullMarked
package dev.actorregistry.autoconfigure.cluster;

import org.jspecify.annotations.NullMarked;
