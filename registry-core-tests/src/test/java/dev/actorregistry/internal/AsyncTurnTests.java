package dev.actorregistry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.ActorRef;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorStatus;
import dev.actorregistry.DrainReport;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.PersistentCounter;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.TurnTimeoutException;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.invocation.Interleave;
import dev.actorregistry.test.FlakyStateStore;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async turns ({@link ActorRegistry#askAsync}): a message whose stage is incomplete holds
 * its actor, not a thread, until the stage completes; what is chained on the replies of
 * its asks runs in the actor, one at a time with the messages allowed to interleave.
 * Tests that need the executor's order use a one-thread executor: an ask to another key
 * answered means every task queued before it ran.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AsyncTurnTests {

	private final ExecutorService oneThread = Executors.newSingleThreadExecutor();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final List<CompletableFuture<?>> gates = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		this.gates.forEach((gate) -> gate.complete(null));
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.oneThread.shutdownNow();
		this.callers.shutdownNow();
	}

	@Test
	void noOtherMessageRunsWhileTheTurnIsSuspended() throws Exception {
		ActorRegistry<String, Worker> workers = workers(this.oneThread);
		CompletableFuture<Integer> gate = gate();
		CompletableFuture<Integer> turn = workers.askAsync("a", (worker) -> gate);
		AtomicBoolean opened = new AtomicBoolean();
		CompletableFuture<Boolean> second = workers.ask("a", (worker) -> opened.get());
		// on one thread, what was due before this answer has run
		assertThat(workers.ask("b", (worker) -> 1).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(turn).isNotDone();
		assertThat(second).isNotDone();
		assertThat(workers.child("a").orElseThrow().mailboxSize()).isEqualTo(2);
		opened.set(true);
		gate.complete(7);
		assertThat(turn.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(7);
		assertThat(second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("ran only after the turn ended").isTrue();
	}

	@Test
	void aRegistryOnOneThreadServesOtherActorsWhileAHundredTurnsAreSuspended() throws Exception {
		ActorRegistry<String, Worker> workers = workers(this.oneThread);
		List<CompletableFuture<Integer>> stages = new ArrayList<>();
		List<CompletableFuture<Integer>> turns = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			CompletableFuture<Integer> gate = gate();
			stages.add(gate);
			turns.add(workers.askAsync("suspended-" + i, (worker) -> {
				worker.count++;
				return gate;
			}));
		}
		assertThat(workers.ask("free", (worker) -> ++worker.count).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(1);
		assertThat(turns).noneMatch(CompletableFuture::isDone);
		// the free actor's message leaves the count just after its reply
		eventually().until(() -> workers.pendingMessages() == 100);
		assertThat(turns).noneMatch(CompletableFuture::isDone);
		for (int i = 0; i < 100; i++) {
			stages.get(i).complete(i);
		}
		for (int i = 0; i < 100; i++) {
			assertThat(turns.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(i);
		}
		eventually().until(() -> workers.pendingMessages() == 0);
	}

	@Test
	void writeThroughSavesAfterTheStageCompletesAndBeforeTheReply() throws Exception {
		FlakyStateStore store = new FlakyStateStore();
		ActorRegistry<String, PersistentCounter> counters = register(
				ActorRegistry.builder("counters", String.class, (key, context) -> new PersistentCounter())
					.stateStore(store, new SerializingCodec())
					.writeThrough(true)
					.failurePolicy(FailurePolicy.RESTART));
		ActorRegistry<String, Worker> workers = workers(null);
		CompletableFuture<Integer> gate = gate();
		AtomicLong runningIsTheCounter = new AtomicLong();
		CompletableFuture<Long> turn = counters.askAsync("a", (counter) -> {
			counter.add(5);
			return workers.askAsync("gate", (worker) -> gate).thenApply((delta) -> {
				// a reply to an ask of the turn: back in the counter's turn
				runningIsTheCounter.set((Turns.running() == counters.lookup("a").orElseThrow()) ? 1 : -1);
				return counter.add(delta);
			});
		});
		AtomicInteger savesWhenAnswered = new AtomicInteger(-1);
		CompletableFuture<Long> answered = turn
			.whenComplete((value, failure) -> savesWhenAnswered.set(store.saves.get()));
		eventually().until(() -> workers.child("gate").map((child) -> child.mailboxSize() == 1).orElse(false));
		assertThat(store.saves.get()).as("nothing saved while suspended").isZero();
		gate.complete(10);
		assertThat(answered.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(15);
		assertThat(runningIsTheCounter.get()).isEqualTo(1);
		assertThat(savesWhenAnswered.get()).as("saved before the reply completed").isEqualTo(1);
		counters.stop("a").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(counters.ask("a", PersistentCounter::value).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(15);
	}

	@Test
	void aStageThatFailsIsAFailedMessageAndTheFailurePolicyApplies() throws Exception {
		FlakyStateStore store = new FlakyStateStore();
		ActorRegistry<String, PersistentCounter> counters = register(
				ActorRegistry.builder("counters", String.class, (key, context) -> new PersistentCounter())
					.stateStore(store, new SerializingCodec())
					.writeThrough(true)
					.failurePolicy(FailurePolicy.RESTART));
		assertThat(counters.ask("a", (counter) -> counter.add(1)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(1);
		CompletableFuture<Long> gate = gate();
		CompletableFuture<Long> turn = counters.askAsync("a", (counter) -> {
			counter.add(100);
			return gate;
		});
		eventually().until(() -> counters.child("a").orElseThrow().mailboxSize() == 1);
		gate.completeExceptionally(new IllegalStateException("the ledger refused"));
		assertThat(failureOf(turn)).isInstanceOf(IllegalStateException.class).hasMessage("the ledger refused");
		assertThat(counters.child("a").orElseThrow().failures()).isEqualTo(1);
		assertThat(counters.ask("a", PersistentCounter::value).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.as("restarted from the state saved before the turn")
			.isEqualTo(1);
	}

	@Test
	void aTurnPastItsDeadlineEndsWithATimeoutAndTheMailboxGoesOn() throws Exception {
		ActorRegistry<String, Worker> workers = workers(null);
		CompletableFuture<Integer> gate = gate();
		CompletableFuture<Integer> turn = workers.askAsync("a", (worker) -> {
			worker.count++;
			return gate;
		}, Duration.ofMillis(200));
		CompletableFuture<Integer> next = workers.ask("a", (worker) -> ++worker.count);
		assertThat(failureOf(turn)).isInstanceOf(TurnTimeoutException.class)
			.hasMessageContaining("Registry 'workers', actor 'a'")
			.hasMessageContaining("PT0.2S")
			.hasMessageContaining("longer timeout");
		assertThat(next.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(workers.child("a").orElseThrow().failures()).isEqualTo(1);
		gate.complete(5);
		// the late outcome is ignored: nothing runs, nothing fails
		assertThat(workers.ask("a", (worker) -> ++worker.count).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo(3);
		assertThat(workers.child("a").orElseThrow().failures()).isEqualTo(1);
	}

	@Test
	void aDrainWaitsForASuspendedTurn() throws Exception {
		ActorRegistry<String, Worker> workers = workers(null);
		CompletableFuture<Integer> gate = gate();
		CompletableFuture<Integer> turn = workers.askAsync("a", (worker) -> gate);
		eventually().until(() -> workers.pendingMessages() == 1);
		Future<DrainReport> drain = this.callers.submit(() -> workers.drain(TIMEOUT));
		eventually().until(() -> workers.status() == RegistryStatus.DRAINING);
		assertThat(drain).isNotDone();
		gate.complete(3);
		DrainReport report = drain.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(turn.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(report.actorsStopped()).isEqualTo(1);
		assertThat(report.actorsNotStopped()).isZero();
		assertThat(report.messagesAbandoned()).isZero();
		assertThat(report.messagesProcessed()).as("the turn, ended while draining").isEqualTo(1);
	}

	@Test
	void aSuspendedActorIsNotPassivated() throws Exception {
		ManualClock clock = new ManualClock();
		ActorRegistry<String, Worker> workers = register(
				ActorRegistry.builder("workers", String.class, (key, context) -> new Worker())
					.clock(clock)
					.idleTimeout(Duration.ofMinutes(1)));
		RegistryTestKit kit = RegistryTestKit.of(clock, workers);
		CompletableFuture<Integer> gate = gate();
		CountDownLatch began = new CountDownLatch(1);
		CompletableFuture<Integer> turn = workers.askAsync("a", (worker) -> {
			began.countDown();
			return gate;
		});
		// the turn began (so the actor started) and stays counted while suspended
		Waits.awaitLatch(began);
		eventually().until(() -> workers.pendingMessages() == 1);
		assertThat(kit.advance(Duration.ofMinutes(5)).passivated()).isZero();
		assertThat(workers.child("a").orElseThrow().status()).isEqualTo(ActorStatus.ACTIVE);
		gate.complete(1);
		assertThat(turn.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(kit.advance(Duration.ofMinutes(5)).passivated()).isEqualTo(1);
	}

	/**
	 * Race: the turn asks 2,000 times actors of another registry, whose replies come on
	 * the pool's threads at once; each reply's continuation increments the worker's count
	 * without a lock. Meanwhile four threads call an {@code @Interleave} query that reads
	 * and writes the worker too. Any two of them inside the worker at once would show in
	 * the overlap count, a lost increment in the count.
	 */
	@Test
	void continuationsAndInterleavedMessagesRunOneAtATimeInTheActor() throws Exception {
		ActorRegistry<String, Worker> workers = workers(null);
		ActorRegistry<Integer, Worker> echoes = register(
				ActorRegistry.builder("echoes", Integer.class, (key, context) -> new Worker()));
		Probe probe = workers.client(Probe.class).get("a");
		int asks = 2_000;
		ActorRef<String, Worker> ref = workers.lookupOrStart("a");
		CompletableFuture<Integer> turn = workers.askAsync("a", (worker) -> {
			List<CompletableFuture<Integer>> replies = new ArrayList<>();
			for (int i = 0; i < asks; i++) {
				int value = i;
				replies.add(echoes.ask(i % 16, (echo) -> value).thenApply((echoed) -> {
					worker.inside(() -> worker.count++);
					if (Turns.running() != ref) {
						worker.elsewhere.incrementAndGet();
					}
					return echoed;
				}));
			}
			return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenApply((all) -> worker.count);
		});
		List<Future<Integer>> queries = new ArrayList<>();
		for (int thread = 0; thread < 4; thread++) {
			queries.add(this.callers.submit(() -> {
				int calls = 0;
				while (!turn.isDone()) {
					probe.peek();
					calls++;
				}
				return calls;
			}));
		}
		assertThat(turn.get(Waits.WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(asks);
		int peeks = 0;
		for (Future<Integer> query : queries) {
			peeks += query.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		Worker worker = ref.ask((actor) -> actor).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(worker.overlaps.get()).isZero();
		assertThat(worker.elsewhere.get()).as("continuations that ran outside the worker's turn").isZero();
		assertThat(worker.peeks.get()).isEqualTo(peeks);
	}

	@Test
	void inTurnBringsAStageCompletedElsewhereIntoTheTurn() throws Exception {
		ActorRegistry<String, Worker> workers = workers(null);
		ActorRef<String, Worker> ref = workers.lookupOrStart("a");
		CompletableFuture<Integer> foreign = gate();
		AtomicBoolean inTheTurn = new AtomicBoolean();
		CompletableFuture<Integer> turn = workers.askAsync("a",
				(worker) -> ActorRegistry.inTurn(foreign).thenApply((value) -> {
					inTheTurn.set(Turns.running() == ref);
					worker.count += value;
					return worker.count;
				}));
		eventually().until(() -> workers.pendingMessages() == 1);
		// completed on this thread, which runs no turn
		foreign.complete(5);
		assertThat(turn.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(5);
		assertThat(inTheTurn).isTrue();
		CompletableFuture<Integer> outside = ActorRegistry.inTurn(CompletableFuture.completedFuture(3));
		assertThat(outside.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
	}

	/**
	 * Race: eight threads send to four actors, alternating async turns whose stage
	 * another thread completes at once (so that it often completes while the function
	 * still runs, or just after it returned) with plain asks; every message increments
	 * the actor's count, the async ones from a continuation of an ask made in the turn. A
	 * message lost, run twice, or run beside another would show in the counts or the
	 * overlaps.
	 */
	@Test
	void turnsThatSuspendAndResumeAtOnceRaceWithPlainAsksWithoutLossOrOverlap() throws Exception {
		ActorRegistry<String, Worker> workers = workers(null);
		ActorRegistry<Integer, Worker> echoes = register(
				ActorRegistry.builder("echoes", Integer.class, (key, context) -> new Worker()));
		int threads = 8;
		int rounds = 500;
		List<Future<?>> senders = new ArrayList<>();
		for (int thread = 0; thread < threads; thread++) {
			int sender = thread;
			senders.add(this.callers.submit(() -> {
				List<CompletableFuture<Integer>> replies = new ArrayList<>();
				for (int i = 0; i < rounds; i++) {
					String key = "k" + ((sender + i) % 4);
					if (i % 2 == 0) {
						replies.add(workers.askAsync(key, (worker) -> {
							worker.inside(() -> worker.count++);
							return echoes.ask(sender, (echo) -> 1).thenApply((one) -> {
								worker.inside(() -> worker.count += one);
								return one;
							});
						}));
					}
					else {
						CompletableFuture<Integer> stage = CompletableFuture.supplyAsync(() -> 2, this.callers);
						replies.add(workers.askAsync(key, (worker) -> {
							worker.inside(() -> worker.count += 2);
							return stage;
						}));
					}
				}
				for (CompletableFuture<Integer> reply : replies) {
					reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				}
				return null;
			}));
		}
		for (Future<?> sender : senders) {
			sender.get(Waits.WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		int total = 0;
		for (int i = 0; i < 4; i++) {
			Worker worker = workers.ask("k" + i, (actor) -> actor).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(worker.overlaps.get()).isZero();
			total += worker.count;
		}
		assertThat(total).isEqualTo(threads * rounds * 2);
		eventually().until(() -> workers.pendingMessages() == 0);
	}

	@Test
	void aReplyThatComesAfterTheTurnEndedRunsAsAMessageOfTheActor() throws Exception {
		ActorRegistry<String, Worker> workers = workers(null);
		ActorRef<String, Worker> ref = workers.lookupOrStart("a");
		CompletableFuture<Integer> slow = gate();
		AtomicBoolean inTheActor = new AtomicBoolean();
		List<CompletableFuture<Integer>> later = new ArrayList<>();
		CompletableFuture<Integer> turn = workers.askAsync("a", (worker) -> {
			later.add(workers.askAsync("b", (other) -> slow).thenApply((value) -> {
				inTheActor.set(Turns.running() == ref);
				worker.count += value;
				return worker.count;
			}));
			return CompletableFuture.completedFuture(0);
		});
		assertThat(turn.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the turn did not wait for b").isZero();
		long processed = workers.child("a").orElseThrow().processed();
		slow.complete(4);
		assertThat(later.get(0).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(4);
		assertThat(inTheActor).isTrue();
		eventually().until(() -> workers.child("a").orElseThrow().processed() == processed + 1);
	}

	/**
	 * Race under write-through: eight threads send to four persistent counters,
	 * alternating async turns whose stage another thread completes at once with plain
	 * asks, so that groups of plain asks are saved and answered around suspended turns.
	 * Every reply succeeds, and after a restart the stored counts hold every acknowledged
	 * change.
	 */
	@Test
	void underWriteThroughEveryAcknowledgedChangeOfRacingTurnsIsStored() throws Exception {
		FlakyStateStore store = new FlakyStateStore();
		ActorRegistry<String, PersistentCounter> counters = register(
				ActorRegistry.builder("counters", String.class, (key, context) -> new PersistentCounter())
					.stateStore(store, new SerializingCodec())
					.writeThrough(true));
		int threads = 8;
		int rounds = 300;
		List<Future<?>> senders = new ArrayList<>();
		for (int thread = 0; thread < threads; thread++) {
			int sender = thread;
			senders.add(this.callers.submit(() -> {
				List<CompletableFuture<Long>> replies = new ArrayList<>();
				for (int i = 0; i < rounds; i++) {
					String key = "k" + ((sender + i) % 4);
					if (i % 2 == 0) {
						CompletableFuture<Long> stage = CompletableFuture.supplyAsync(() -> 0L, this.callers);
						replies.add(counters.askAsync(key, (counter) -> {
							counter.add(1);
							return stage;
						}));
					}
					else {
						replies.add(counters.ask(key, (counter) -> counter.add(1)));
					}
				}
				for (CompletableFuture<Long> reply : replies) {
					reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				}
				return null;
			}));
		}
		for (Future<?> sender : senders) {
			sender.get(Waits.WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		// acknowledged, so stored: read from the store, the actors still live
		SerializingCodec codec = new SerializingCodec();
		long total = 0;
		for (int i = 0; i < 4; i++) {
			byte[] stored = store.delegate().load("counters", "k" + i).orElseThrow().state().data();
			total += codec.decode(stored, PersistentCounter.Count.class).value();
		}
		assertThat(total).isEqualTo((long) threads * rounds);
	}

	@Test
	void anInterleavedQueryRunsWhileTheActorIsSuspended() throws Exception {
		ActorRegistry<String, Worker> workers = workers(this.oneThread);
		Probe probe = workers.client(Probe.class).get("a");
		CompletableFuture<Integer> gate = gate();
		CountDownLatch began = new CountDownLatch(1);
		CompletableFuture<Integer> turn = workers.askAsync("a", (worker) -> {
			worker.count = 41;
			began.countDown();
			return gate;
		});
		CompletableFuture<Integer> queued = workers.ask("a", (worker) -> worker.count);
		// a query sent before the turn began waits behind it, as any message
		Waits.awaitLatch(began);
		assertThat(probe.peek()).as("answered while the turn holds the actor").isEqualTo(41);
		assertThat(probe.peekLater().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(41);
		assertThat(turn).isNotDone();
		assertThat(queued).isNotDone();
		gate.complete(1);
		assertThat(queued.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(41);
		assertThat(probe.peek()).as("not suspended: an ordinary message").isEqualTo(41);
	}

	private <T> CompletableFuture<T> gate() {
		CompletableFuture<T> gate = new CompletableFuture<>();
		this.gates.add(gate);
		return gate;
	}

	private ActorRegistry<String, Worker> workers(ExecutorService executor) {
		var builder = ActorRegistry.builder("workers", String.class, (key, context) -> new Worker());
		if (executor != null) {
			builder.executor(executor);
		}
		return register(builder);
	}

	private <K, A> ActorRegistry<K, A> register(dev.actorregistry.ActorRegistryBuilder<K, A> builder) {
		ActorRegistry<K, A> registry = builder.build();
		this.registries.add(registry);
		return registry;
	}

	@ActorInterface
	public interface Probe {

		@Interleave
		int peek();

		@Interleave
		CompletableFuture<Integer> peekLater();

	}

	static final class Worker implements Probe {

		int count;

		final AtomicInteger inside = new AtomicInteger();

		final AtomicInteger overlaps = new AtomicInteger();

		final AtomicInteger elsewhere = new AtomicInteger();

		final AtomicInteger peeks = new AtomicInteger();

		void inside(Runnable action) {
			if (this.inside.incrementAndGet() != 1) {
				this.overlaps.incrementAndGet();
			}
			try {
				action.run();
			}
			finally {
				this.inside.decrementAndGet();
			}
		}

		@Override
		public int peek() {
			int[] seen = new int[1];
			inside(() -> {
				seen[0] = this.count;
				this.peeks.incrementAndGet();
			});
			return seen[0];
		}

		@Override
		public CompletableFuture<Integer> peekLater() {
			return CompletableFuture.completedFuture(this.count);
		}

	}

}
