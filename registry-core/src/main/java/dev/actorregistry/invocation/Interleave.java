package dev.actorregistry.invocation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operation that may run while its actor is suspended in an async turn, as Orleans'
 * {@code [AlwaysInterleave]}: meant for read-only queries (a balance, a status) that
 * should not wait for a long turn.
 * <p>
 * When the actor is suspended in an async turn (or about to suspend), the call runs
 * interleaved with it, in the actor's exclusive context: never concurrently with the
 * turn's continuations or with another interleaved message, but possibly between two
 * steps of the turn, so it may see the turn's changes half made. Otherwise it is a
 * message like any other. Its failure fails its caller only: the failure policy does not
 * act on it while the turn holds the actor. An interleaved operation that returns a stage
 * holds no turn of its own: its reply completes with the stage. Not for one-way
 * operations, which never wait.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Interleave {

}
