/**
 * Write-through persistence measured against the code a Spring developer writes without
 * the registry: "deposit into account id, durably committed before it returns" through an
 * actor, through JPA with an {@code @Version} entity and a retry, and through JPA with a
 * {@code PESSIMISTIC_WRITE} lock, side by side on embedded PostgreSQL. Started by
 * {@link dev.actorregistry.benchmarks.persistence.PersistenceComparison}.
 */
@NullMarked
package dev.actorregistry.benchmarks.persistence;

import org.jspecify.annotations.NullMarked;
