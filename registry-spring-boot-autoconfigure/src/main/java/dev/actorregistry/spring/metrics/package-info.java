/**
 * Micrometer meters of the actor registries.
 */
@NullMarked
package dev.actorregistry.spring.metrics;

import org.jspecify.annotations.NullMarked;
