/**
 * The JSON state codec over the application's Jackson mapper, for any state store.
 */
@NullMarked
package dev.actorregistry.spring.jackson;

import org.jspecify.annotations.NullMarked;
