/**
 * A small application with actors, shared by the integration tests.
 */
@NullMarked
package dev.actorregistry.autoconfigure.testapp;

import org.jspecify.annotations.NullMarked;
