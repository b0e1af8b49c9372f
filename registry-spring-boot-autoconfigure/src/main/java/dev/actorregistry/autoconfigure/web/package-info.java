/**
 * Auto-configuration of the problem details for the registries' refusals, in Spring MVC
 * and Spring WebFlux applications alike, under {@code actors.web.*}.
 */
@NullMarked
package dev.actorregistry.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
