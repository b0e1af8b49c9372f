/**
 * Actors as Spring beans: {@link dev.actorregistry.spring.Actor @Actor} classes become
 * prototype beans with one {@link dev.actorregistry.ActorRegistry} bean each, and their
 * {@link dev.actorregistry.spring.Subscribe @Subscribe} methods take messages from the
 * topics every registry shares.
 */
@NullMarked
package dev.actorregistry.spring;

import org.jspecify.annotations.NullMarked;
