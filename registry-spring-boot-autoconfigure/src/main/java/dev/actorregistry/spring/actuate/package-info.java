/**
 * Actuator support for the actor registries: the {@code actors} endpoint, its web
 * extension and the {@code actors} health contributor.
 */
@NullMarked
package dev.actorregistry.spring.actuate;

import org.jspecify.annotations.NullMarked;
