package dev.actorregistry.invocation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as an actor's contract: the operations callers invoke through an
 * {@link ActorClient}. An actor class implements it, so the compiler checks that the
 * actor has every operation; Spring's auto-configuration finds the contracts of each
 * {@code @Actor} bean by this annotation, checks every operation at start-up and makes an
 * {@link ActorClient} bean for each.
 * <p>
 * Every abstract method is an operation, named by the method's name, which must be unique
 * in the interface: an operation is found by its name when it is stored or sent. Its
 * return type says how a call waits:
 * <ul>
 * <li>{@code void}: a one-way send, returned from at once;</li>
 * <li>{@link java.util.concurrent.CompletionStage} or
 * {@link java.util.concurrent.CompletableFuture}: returned from at once with the reply;
 * the actor's method runs as one async turn, which lasts until the stage it returns
 * completes ({@link dev.actorregistry.ActorRegistry#askAsync});</li>
 * <li>anything else: the caller waits for the reply, up to the registry's ask
 * timeout.</li>
 * </ul>
 * Default methods are not operations: they run in the caller, and may call operations.
 * {@link Reentrant @Reentrant} and {@link Interleave @Interleave} let calls run
 * interleaved with a suspended async turn.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ActorInterface {

}
