package dev.actorregistry.invocation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Call-chain reentrancy for an operation, or for every operation of a contract: a call
 * that comes back to the actor within the call chain of its suspended async turn (the
 * turn called B, whose turn calls this actor) runs interleaved with that turn, at its
 * await points, instead of failing with a
 * {@link dev.actorregistry.CallChainDeadlockException}.
 * <p>
 * It runs in the actor's exclusive context: never concurrently with the turn's
 * continuations or another interleaved message, but between two of the turn's steps, so
 * the turn may find the state changed after it awaited a reply. A call that does not come
 * back within a chain waits for its turn as any other. Meaningful for operations with a
 * reply; a one-way call never waits, and so never comes back to a waiting turn.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface Reentrant {

}
