/**
 * Auto-configuration of the actor registries' Micrometer meters.
 */
@NullMarked
package dev.actorregistry.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
