/**
 * Auto-configuration that carries senders' thread context to actors' turns.
 */
@NullMarked
package dev.actorregistry.autoconfigure.context;

import org.jspecify.annotations.NullMarked;
