/**
 * A sample application built on the actor registry starter.
 */
@NullMarked
package dev.actorregistry.sample;

import org.jspecify.annotations.NullMarked;
