/**
 * Actors as Spring beans: {@link dev.actorregistry.spring.Actor @Actor} classes become
 * prototype beans with one {@link dev.actorregistry.ActorRegistry} bean each.
 */
@NullMarked
package dev.actorregistry.spring;

import org.jspecify.annotations.NullMarked;
