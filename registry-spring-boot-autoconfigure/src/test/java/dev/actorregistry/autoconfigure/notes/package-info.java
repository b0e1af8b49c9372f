/**
 * An application's own entity and Spring Data repository, beside the actor state store.
 * Kept outside the store's package, which Boot's entity scanning includes.
 */
@NullMarked
package dev.actorregistry.autoconfigure.notes;

import org.jspecify.annotations.NullMarked;
