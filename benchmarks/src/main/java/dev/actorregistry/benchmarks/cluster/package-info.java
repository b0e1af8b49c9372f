/**
 * A call routed to the member that owns its key, measured beside Apache Pekko Cluster
 * Sharding: two members of each on 127.0.0.1 in one JVM, the callers on one and the
 * actors on the other.
 */
@NullMarked
package dev.actorregistry.benchmarks.cluster;

import org.jspecify.annotations.NullMarked;
