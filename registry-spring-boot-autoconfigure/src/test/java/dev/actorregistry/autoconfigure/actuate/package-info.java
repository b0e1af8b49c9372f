/**
 * Tests of the actuator endpoint and health contributor.
 */
@NullMarked
package dev.actorregistry.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
