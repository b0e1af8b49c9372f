package dev.actorregistry;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.StoredState;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One actor runs one message at a time, in each sender's order; different actors run at
 * the same time. The race runs across the {@link RegistryConfiguration configurations}
 * that take different paths through an activation's run.
 */
// only a guard against a hang: every wait inside ends sooner, saying what it waited for
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class TurnBasedExecutionTests {

	private static final int SENDERS = 8;

	private static final int PER_SENDER = 2_500;

	/** Small enough that eight senders fill it now and then. */
	private static final int CAPACITY = 16;

	static Stream<RegistryConfiguration> configurations() {
		return RegistryConfiguration.all(CAPACITY);
	}

	/**
	 * Race: 8 threads send 2,500 asks each to one actor at once, half through a ref and
	 * half by key, so producers contend on the mailbox while the consumer runs batches
	 * (or, bounded, single steps) and reschedules. A sender whose ask a full mailbox
	 * refuses sends it again, so its sequence has no gap. The actor checks each sender's
	 * sequence and counts messages running at once: none may overlap, none may be
	 * reordered, none lost; and with write-through, every acknowledged one is stored.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("configurations")
	void eightSendersKeepTheirOrderAndNeverOverlap(RegistryConfiguration configuration) throws Exception {
		int senders = SENDERS;
		int perSender = PER_SENDER;
		ActorRegistryBuilder<String, SequenceChecker> builder = ActorRegistry.builder("turns", String.class,
				(key, context) -> new SequenceChecker(senders));
		RegistryConfiguration.Applied applied = configuration.apply(builder);
		LongAdder refusedAsFull = new LongAdder();
		try (ActorRegistry<String, SequenceChecker> registry = builder.build()) {
			ActorRef<String, SequenceChecker> ref = registry.lookupOrStart("k");
			CyclicBarrier go = new CyclicBarrier(senders);
			List<List<CompletableFuture<Boolean>>> replies = new ArrayList<>();
			List<Thread> threads = new ArrayList<>();
			AtomicReference<Throwable> senderFailure = new AtomicReference<>();
			for (int s = 0; s < senders; s++) {
				int sender = s;
				List<CompletableFuture<Boolean>> sent = new ArrayList<>(perSender);
				replies.add(sent);
				Thread thread = new Thread(() -> {
					try {
						go.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
						for (int seq = 1; seq <= perSender; seq++) {
							int sequence = seq;
							sent.add(
									sendUntilAccepted(
											(sequence % 2 == 0)
													? () -> ref.ask((actor) -> actor.receive(sender, sequence))
													: () -> registry.ask("k",
															(actor) -> actor.receive(sender, sequence)),
											refusedAsFull));
						}
					}
					catch (Throwable ex) {
						senderFailure.compareAndSet(null, ex);
					}
				}, "sender-" + s);
				threads.add(thread);
				thread.start();
			}
			// the senders' work, not their speed: one deadline for all of them, as a
			// guard
			long deadline = System.nanoTime() + Waits.WORK_TIMEOUT.toNanos();
			for (int s = 0; s < senders; s++) {
				Thread thread = threads.get(s);
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
				assertThat(thread.isAlive())
					.as("%s still sending after %s, %d of %d asks sent", thread.getName(), Waits.WORK_TIMEOUT,
							replies.get(s).size(), perSender)
					.isFalse();
			}
			assertThat(senderFailure.get()).isNull();
			int completedNormally = 0;
			for (List<CompletableFuture<Boolean>> sent : replies) {
				assertThat(sent).hasSize(perSender);
				for (CompletableFuture<Boolean> reply : sent) {
					assertThat(reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)).isTrue();
					completedNormally++;
				}
			}
			assertThat(completedNormally).isEqualTo(senders * perSender);
			Report report = ref.ask(SequenceChecker::report).get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(report.maxInFlight()).as("messages running at once").isEqualTo(1);
			assertThat(report.outOfOrder()).as("messages out of their sender's order").isZero();
			assertThat(report.processed()).isEqualTo(senders * perSender);
			assertThat(report.lastSeen()).containsOnly(perSender);
			if (configuration.capacity() == 0) {
				assertThat(refusedAsFull.sum()).as("asks an unbounded mailbox refused").isZero();
			}
			if (applied.store() != null) {
				// every reply came after the save of its group: all are stored, in at
				// most
				// one save per message (fewer where messages were grouped)
				StoredState stored = applied.store().load("turns", "k").orElseThrow();
				assertThat(
						new SerializingCodec().decode(stored.state().data(), SequenceChecker.Processed.class).count())
					.as("acknowledged messages stored")
					.isEqualTo(senders * perSender);
				assertThat(stored.revision()).as("saves").isBetween(1L, (long) senders * perSender);
			}
			applied.assertTookEffect("turns", "k");
			RegistryInvariants.assertQuietAndConsistent(registry);
			assertThat(registry.size()).isOne();
		}
	}

	/**
	 * Send an ask until the mailbox has room for it: a full mailbox refuses it at once,
	 * counted; anything else is the reply.
	 */
	private static CompletableFuture<Boolean> sendUntilAccepted(Supplier<CompletableFuture<Boolean>> ask,
			LongAdder refusedAsFull) {
		for (;;) {
			CompletableFuture<Boolean> reply = ask.get();
			if (!reply.isCompletedExceptionally()
					|| !(reply.handle((value, failure) -> failure).join() instanceof MailboxFullException)) {
				return reply;
			}
			refusedAsFull.increment();
			Thread.yield();
		}
	}

	/**
	 * Race: two actors each block in a message on one barrier of two parties. The barrier
	 * opens only if both messages are running at the same moment, so both asks complete
	 * normally only if the default executor runs different actors in parallel.
	 */
	@Test
	void differentActorsRunInParallel() throws Exception {
		// the default executor has one thread per core: one core cannot run two at once
		assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs at least two cores");
		CyclicBarrier bothRunning = new CyclicBarrier(2);
		AtomicInteger running = new AtomicInteger();
		try (ActorRegistry<String, Object> registry = ActorRegistry
			.builder("parallel", String.class, (key, context) -> new Object())
			.build()) {
			CompletableFuture<Integer> first = registry.ask("one", (actor) -> meet(bothRunning, running));
			CompletableFuture<Integer> second = registry.ask("two", (actor) -> meet(bothRunning, running));
			assertThat(first.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
			assertThat(second.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
			assertThat(bothRunning.isBroken()).isFalse();
		}
	}

	/**
	 * @return how many messages were inside when this one reached the barrier
	 */
	private static int meet(CyclicBarrier barrier, AtomicInteger running) {
		int inside = running.incrementAndGet();
		try {
			barrier.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return Math.max(inside, running.get());
		}
		catch (Exception ex) {
			throw new IllegalStateException("the other actor never ran at the same time", ex);
		}
	}

	/**
	 * Checks its own turns. Plain fields for what a turn owns; atomics for what must stay
	 * right even if turns overlap.
	 */
	static final class SequenceChecker implements PersistentActor<SequenceChecker.Processed> {

		private final AtomicInteger inFlight = new AtomicInteger();

		private final int[] lastSeen;

		private final AtomicInteger maxInFlight = new AtomicInteger();

		private int outOfOrder;

		private int processed;

		SequenceChecker(int senders) {
			this.lastSeen = new int[senders];
		}

		boolean receive(int sender, int sequence) {
			int inside = this.inFlight.incrementAndGet();
			try {
				this.maxInFlight.accumulateAndGet(inside, Math::max);
				if (sequence != this.lastSeen[sender] + 1) {
					this.outOfOrder++;
				}
				this.lastSeen[sender] = sequence;
				this.processed++;
				return true;
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		}

		Report report() {
			return new Report(this.maxInFlight.get(), this.outOfOrder, this.processed, this.lastSeen.clone());
		}

		@Override
		public Processed snapshot() {
			return new Processed(this.processed);
		}

		@Override
		public void restore(Processed state) {
			this.processed = state.count();
		}

		/**
		 * The state saved with write-through.
		 *
		 * @param count messages processed
		 */
		record Processed(int count) implements Serializable {

		}

	}

	record Report(int maxInFlight, int outOfOrder, int processed, int[] lastSeen) {

	}

}
