/**
 * The registry's implementation. Not API: anything here may change without notice.
 */
@NullMarked
package dev.actorregistry.internal;

import org.jspecify.annotations.NullMarked;
