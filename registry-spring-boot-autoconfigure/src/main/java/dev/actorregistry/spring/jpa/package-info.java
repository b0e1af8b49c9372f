/**
 * The JPA stores: the state of persistent actors in tables {@code actor_state} and
 * {@code actor_state_history} of the application's database, as the bytes of the
 * application's state codec, optionally encrypted with AES-GCM; their durable sends in
 * tables {@code actor_outbox} and {@code actor_inbox}; and durable reminders in table
 * {@code actor_reminder}.
 * <p>
 * The entities of this package join the application's persistence unit through Boot's
 * auto-configuration packages. An application that lists its entity packages with
 * {@code @EntityScan} replaces those packages, so it must name this one too, for example
 * {@code @EntityScan(basePackageClasses = { MyEntity.class, JpaStateStore.class })}.
 */
@NullMarked
package dev.actorregistry.spring.jpa;

import org.jspecify.annotations.NullMarked;
