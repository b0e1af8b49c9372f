/**
 * Tests of cluster mode: Spring contexts whose registries share their keys on Hazelcast
 * members on the loopback interface.
 */
@NullMarked
package dev.actorregistry.autoconfigure.cluster;

import org.jspecify.annotations.NullMarked;
