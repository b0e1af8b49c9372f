package dev.actorregistry.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * A reply's outcome handed into the async turn of the actor that asked, to complete the
 * reply there, so that the stages chained on it run in that actor's turn. Run once, by
 * the turn, or by the turn's own thread if it blocks on the reply meanwhile.
 */
final class Resumption extends AtomicBoolean implements Runnable {

	private final Reply<?> reply;

	private final @Nullable Object value;

	private final @Nullable Throwable failure;

	Resumption(Reply<?> reply, @Nullable Object value, @Nullable Throwable failure) {
		this.reply = reply;
		this.value = value;
		this.failure = failure;
	}

	@Override
	public void run() {
		if (compareAndSet(false, true)) {
			this.reply.completeHere(this.value, this.failure);
		}
	}

}
