/**
 * Persistent actors: an actor whose state a
 * {@link dev.actorregistry.persistence.StateStore} keeps between activations, the codec
 * that turns that state into bytes, and the failures of loading and saving it.
 * {@link dev.actorregistry.persistence.InMemoryStateStore} serves tests.
 */
@NullMarked
package dev.actorregistry.persistence;

import org.jspecify.annotations.NullMarked;
