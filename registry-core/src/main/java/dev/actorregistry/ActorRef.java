package dev.actorregistry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A handle on one activation of an actor. Messages sent through a ref reach that
 * activation or fail: a ref never delivers to a stopped actor and never drops a message
 * in silence. To always reach the key's current activation, starting one if needed, send
 * by key through {@link ActorRegistry#ask} and {@link ActorRegistry#tell} instead.
 * <p>
 * Messages are functions applied to the actor on its own turn, one at a time, in the
 * order each sender sent them.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
public interface ActorRef<K, A> {

	/**
	 * The key of the actor.
	 * @return the key
	 */
	K key();

	/**
	 * Apply {@code message} to the actor on its turn and return the result.
	 * <p>
	 * Refusals never throw: the returned future fails with {@link ActorStoppedException}
	 * when this activation has stopped or is stopping, or {@link MailboxFullException}
	 * when its mailbox is at capacity. If the message throws, the future fails with that
	 * exception and the registry's {@link FailurePolicy} applies. Dependent stages that
	 * are not {@code *Async} run on the actor's thread: keep them short; for an ask sent
	 * from an async turn ({@link ActorRegistry#askAsync}), they run in the asking actor's
	 * turn instead. The future fails with an {@link AskTimeoutException} if no answer
	 * comes within the registry's {@link ActorRegistryBuilder#askTimeout ask timeout},
	 * and at once with an {@link ActorDeadlockException} if an actor's turn blocks on it
	 * while the answer waits for that turn.
	 * @param message the function to apply
	 * @param <R> the result type
	 * @return the future result
	 * @throws NullPointerException if {@code message} is null
	 */
	<R> CompletableFuture<R> ask(Function<? super A, ? extends R> message);

	/**
	 * {@link #ask(Function) Ask} with a timeout of its own instead of the registry's
	 * {@link ActorRegistryBuilder#askTimeout ask timeout}: if no answer comes in time,
	 * the future fails with an {@link AskTimeoutException}, and the message does not run
	 * if it had not started.
	 * @param message the function to apply
	 * @param timeout how long to wait for the answer, counted from when the caller first
	 * waits for it (at once, for a caller that joins); positive
	 * @param <R> the result type
	 * @return the future result
	 * @throws IllegalArgumentException if the timeout is not positive
	 */
	<R> CompletableFuture<R> ask(Function<? super A, ? extends R> message, Duration timeout);

	/**
	 * Apply {@code message} to the actor on its turn, without waiting for it. A failure
	 * while it runs is reported to the {@link RegistryListener}, logged, and handled by
	 * the registry's {@link FailurePolicy}.
	 * @param message the action to apply
	 * @throws ActorStoppedException if this activation has stopped or is stopping
	 * @throws MailboxFullException if its mailbox is at capacity
	 * @throws NullPointerException if {@code message} is null
	 */
	void tell(Consumer<? super A> message);

	/**
	 * Whether this activation still accepts messages. A {@code true} answer can be out of
	 * date at once; use it for monitoring, not to decide whether a send will succeed.
	 * @return true while the actor is {@link ActorStatus#ACTIVE}
	 */
	boolean isAlive();

}
