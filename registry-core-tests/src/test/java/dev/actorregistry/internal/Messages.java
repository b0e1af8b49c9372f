package dev.actorregistry.internal;

import java.util.concurrent.CompletableFuture;

import dev.actorregistry.StopReason;

/**
 * Envelopes for the mailbox tests that say which message they are: an ask whose function
 * returns its number, and a stop signal numbered {@link #STOP}.
 */
final class Messages {

	/** The number {@link #numberOf} gives a stop signal. */
	static final int STOP = -1;

	private Messages() {
	}

	static Envelope numbered(int number) {
		return Envelope.ask((actor) -> number, new CompletableFuture<>());
	}

	static Envelope stop() {
		return Envelope.stop(StopReason.STOPPED);
	}

	static int numberOf(Envelope envelope) {
		if (envelope.isStop()) {
			return STOP;
		}
		try {
			return (Integer) envelope.run(new Object());
		}
		catch (Throwable ex) {
			throw new IllegalStateException("a numbered message never throws", ex);
		}
	}

}
