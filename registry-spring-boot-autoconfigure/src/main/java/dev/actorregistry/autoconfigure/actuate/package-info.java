/**
 * Actuator support for the actor registries: the {@code actors} endpoint and the
 * {@code actors} health contributor.
 */
@NullMarked
package dev.actorregistry.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
