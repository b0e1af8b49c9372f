/**
 * The HTTP hop: one deposit endpoint of a Spring MVC application on Tomcat, served over a
 * {@code synchronized} map (what a user writes without the registry) and through an actor
 * in the ways a controller can wait for its reply, loaded by {@code wrk} side by side.
 * Started by {@link dev.actorregistry.benchmarks.http.HttpHopComparison}.
 */
@NullMarked
package dev.actorregistry.benchmarks.http;

import org.jspecify.annotations.NullMarked;
