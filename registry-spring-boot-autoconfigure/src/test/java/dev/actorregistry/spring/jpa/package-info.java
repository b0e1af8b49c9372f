/**
 * Tests of the JPA state store, on H2 and on a real PostgreSQL server.
 */
@NullMarked
package dev.actorregistry.spring.jpa;

import org.jspecify.annotations.NullMarked;
