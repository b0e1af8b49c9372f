/**
 * Auto-configuration of the JPA state and reminder stores, their tables and the JSON
 * state codec, under {@code actors.persistence.*}.
 */
@NullMarked
package dev.actorregistry.autoconfigure.jpa;

import org.jspecify.annotations.NullMarked;
