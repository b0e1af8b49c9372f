package dev.actorregistry.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;

/**
 * Brings the completion of a stage that is not an actor's reply (an HTTP client's, a
 * timer's) into the async turn of the calling thread, as replies to the turn's asks come
 * on their own.
 */
public final class TurnStages {

	private TurnStages() {
	}

	/**
	 * A future that completes as {@code stage} does, in the async turn the calling thread
	 * runs; outside an async turn, on the thread that completes {@code stage}.
	 * @param <T> the stage's result type
	 * @param stage the stage
	 * @return the future
	 */
	public static <T> CompletableFuture<T> inCurrentTurn(CompletionStage<T> stage) {
		Turns<?, ?> running = Turns.running();
		AsyncTurn turn = (running != null) ? running.asyncTurn : null;
		CompletableFuture<T> resumed = (turn != null) ? new Reply<>(Long.MAX_VALUE, Routing.resumingIn(turn))
				: new CompletableFuture<>();
		stage.whenComplete((@Nullable T value, @Nullable Throwable failure) -> {
			if (failure != null) {
				resumed.completeExceptionally(
						(failure instanceof CompletionException wrapped && wrapped.getCause() != null)
								? wrapped.getCause() : failure);
			}
			else {
				resumed.complete(value);
			}
		});
		return resumed;
	}

}
