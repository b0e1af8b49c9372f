/**
 * A sample application built on the actor registry starter: bank accounts, one actor per
 * account.
 */
@NullMarked
package dev.actorregistry.sample;

import org.jspecify.annotations.NullMarked;
