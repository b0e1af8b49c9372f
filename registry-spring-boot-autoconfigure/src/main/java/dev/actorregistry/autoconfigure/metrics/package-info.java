/**
 * Micrometer meters of the actor registries.
 */
@NullMarked
package dev.actorregistry.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
