/**
 * Problem details for the registries' refusals, in Spring MVC and Spring WebFlux
 * applications alike.
 */
@NullMarked
package dev.actorregistry.spring.web;

import org.jspecify.annotations.NullMarked;
