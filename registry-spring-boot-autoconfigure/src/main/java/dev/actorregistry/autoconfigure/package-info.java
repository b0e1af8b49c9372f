/**
 * Spring Boot auto-configuration of the actor registries.
 */
@NullMarked
package dev.actorregistry.autoconfigure;

import org.jspecify.annotations.NullMarked;
