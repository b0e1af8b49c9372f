/**
 * Auto-configuration of the {@code actors} actuator endpoint and health contributor,
 * under {@code management.endpoint.actors.*}.
 */
@NullMarked
package dev.actorregistry.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
