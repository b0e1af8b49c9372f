/**
 * The actor registry: one live actor per key, started on demand, run one message at a
 * time, passivated when idle and drained on shutdown.
 * <p>
 * Start with {@link dev.actorregistry.ActorRegistry#builder}. Everything in this package
 * is API or SPI; {@code dev.actorregistry.internal} is not.
 */
@NullMarked
package dev.actorregistry;

import org.jspecify.annotations.NullMarked;
