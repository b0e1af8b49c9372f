/**
 * Carries senders' thread context (Micrometer context propagation) to actors' turns.
 */
@NullMarked
package dev.actorregistry.spring.context;

import org.jspecify.annotations.NullMarked;
