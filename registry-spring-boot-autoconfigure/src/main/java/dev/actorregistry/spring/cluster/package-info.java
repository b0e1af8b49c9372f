/**
 * What the actuator shows of the cluster the registries share their keys in.
 */
@NullMarked
package dev.actorregistry.spring.cluster;

import org.jspecify.annotations.NullMarked;
