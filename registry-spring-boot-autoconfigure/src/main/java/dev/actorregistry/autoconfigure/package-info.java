/**
 * Spring Boot auto-configuration for the actor registry; filled in by the starter issue.
 */
@NullMarked
package dev.actorregistry.autoconfigure;

import org.jspecify.annotations.NullMarked;
