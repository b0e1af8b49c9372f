package dev.actorregistry.internal;

import java.util.ArrayDeque;
import java.util.Objects;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

import static dev.actorregistry.internal.Mailbox.ACCEPTED;
import static dev.actorregistry.internal.Mailbox.COUNT;
import static dev.actorregistry.internal.Mailbox.REFUSED_CLOSED;
import static dev.actorregistry.internal.Mailbox.REFUSED_FULL;

/**
 * The mailbox's concurrent protocol checked for linearizability by Lincheck: producers
 * offer and close on several threads while one consumer takes and finishes, as an
 * activation's run does, and every outcome must match some order of the same operations
 * on {@link Model}, a plain bounded queue with a closed flag.
 * <p>
 * The offers' results are compared as accepted or refused only: which of two concurrent
 * offers into an empty mailbox is told {@link Mailbox#ACCEPTED_FIRST} follows the order
 * of their counts, while the consumer sees them in the order they linked, so that
 * difference is no order of a queue. {@link MailboxTests} checks it on one thread.
 */
class MailboxLincheckTests {

	/**
	 * Two threads, so that every interleaving of a few operations is explored: more
	 * threads spread the same budget thinner. It finds, for example, a consumer that runs
	 * a stop signal linked ahead of a message counted before the close.
	 */
	@Test
	void modelCheckingFindsNoInterleavingOutsideTheModel() {
		new ModelCheckingOptions().iterations(100)
			.invocationsPerIteration(300)
			.threads(2)
			.actorsPerThread(3)
			.actorsAfter(2)
			.sequentialSpecification(Model.class)
			.check(ProducersAndConsumer.class);
	}

	@Test
	void stressRunsShowNoOutcomeOutsideTheModel() {
		new StressOptions().iterations(40)
			.invocationsPerIteration(2_000)
			.threads(3)
			.actorsPerThread(3)
			.actorsAfter(2)
			.sequentialSpecification(Model.class)
			.check(ProducersAndConsumer.class);
	}

	/**
	 * The mailbox under test, with a capacity of two, and what a consumer does with it.
	 */
	@Param(name = "message", gen = IntGen.class, conf = "1:9")
	public static final class ProducersAndConsumer {

		private final Mailbox mailbox = new Mailbox() {
		};

		@Operation
		public int offer(@Param(name = "message") int message) {
			return acceptedOrRefused(this.mailbox.offer(Messages.numbered(message), Model.CAPACITY));
		}

		@Operation
		public int close() {
			return acceptedOrRefused(this.mailbox.close(Messages.stop(), false));
		}

		@Operation
		public int closeIfIdle() {
			return acceptedOrRefused(this.mailbox.close(Messages.stop(), true));
		}

		/**
		 * Take and finish the next message, as an activation's run does: a stop signal
		 * that has messages counted behind it goes back behind them.
		 * @return its number, {@link Messages#STOP}, or {@link Model#EMPTY}
		 */
		@Operation(nonParallelGroup = "consumer")
		public int poll() {
			if ((this.mailbox.state() & COUNT) == 0) {
				return Model.EMPTY;
			}
			for (;;) {
				Envelope message = this.mailbox.take();
				if (message.isStop() && (this.mailbox.state() & COUNT) > 1) {
					this.mailbox.requeue(message);
					continue;
				}
				this.mailbox.finished(1);
				return Messages.numberOf(message);
			}
		}

		private static int acceptedOrRefused(int outcome) {
			return (outcome < REFUSED_CLOSED) ? ACCEPTED : outcome;
		}

	}

	/** The sequential specification: a bounded queue that a stop signal closes. */
	public static final class Model {

		static final int CAPACITY = 2;

		static final int EMPTY = -2;

		private final ArrayDeque<Integer> queue = new ArrayDeque<>();

		private boolean closed;

		public int offer(int message) {
			if (this.closed) {
				return REFUSED_CLOSED;
			}
			if (this.queue.size() >= CAPACITY) {
				return REFUSED_FULL;
			}
			this.queue.add(message);
			return ACCEPTED;
		}

		public int close() {
			if (this.closed) {
				return REFUSED_CLOSED;
			}
			this.closed = true;
			this.queue.add(Messages.STOP);
			return ACCEPTED;
		}

		public int closeIfIdle() {
			return this.queue.isEmpty() ? close() : REFUSED_CLOSED;
		}

		public int poll() {
			Integer next = this.queue.poll();
			return (next != null) ? next : EMPTY;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Model model && this.closed == model.closed
					&& this.queue.stream().toList().equals(model.queue.stream().toList());
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.closed, this.queue.stream().toList());
		}

	}

}
