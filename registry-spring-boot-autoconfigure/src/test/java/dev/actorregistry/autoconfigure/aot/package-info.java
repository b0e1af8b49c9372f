/**
 * An application processed ahead of time, its actors package-private in a package of
 * their own.
 */
@NullMarked
package dev.actorregistry.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
