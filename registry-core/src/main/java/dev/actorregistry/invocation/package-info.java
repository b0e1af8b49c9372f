/**
 * Actors called through Java interfaces: an actor's contract is an interface its class
 * implements, a caller gets a proxy of it bound to a key from an {@link ActorClient}, and
 * every call is an {@link Invocation}: a named operation with arguments that an
 * {@link InvocationCodec} can turn into bytes, so that it can be stored and sent.
 */
@NullMarked
package dev.actorregistry.invocation;

import org.jspecify.annotations.NullMarked;
