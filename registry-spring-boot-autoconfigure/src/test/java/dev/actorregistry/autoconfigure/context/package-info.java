/**
 * Tests of context propagation to actors' turns.
 */
@NullMarked
package dev.actorregistry.autoconfigure.context;

import org.jspecify.annotations.NullMarked;
