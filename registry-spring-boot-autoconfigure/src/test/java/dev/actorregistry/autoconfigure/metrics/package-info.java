/**
 * Tests of the Micrometer meters.
 */
@NullMarked
package dev.actorregistry.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
