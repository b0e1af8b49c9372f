package dev.actorregistry.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * A batch of messages one producer thread sent, which that thread waits to see run: the
 * same for both runtimes, so waiting costs both the same. The producer parks rather than
 * spins, leaving the cores to the actors.
 */
public final class Batch {

	private final AtomicInteger remaining = new AtomicInteger();

	private volatile @Nullable Thread producer;

	/**
	 * Expect {@code messages} messages, sent by the current thread.
	 * @param messages how many
	 */
	public void begin(int messages) {
		this.producer = Thread.currentThread();
		this.remaining.set(messages);
	}

	/** One message of the batch ran. */
	public void ran() {
		if (this.remaining.decrementAndGet() == 0) {
			LockSupport.unpark(this.producer);
		}
	}

	/** Wait until every message of the batch ran. */
	public void await() {
		while (this.remaining.get() != 0) {
			LockSupport.park(this);
		}
	}

}
