package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A caller about to block on a reply runs its message on its own thread when the actor is
 * idle (caller-runs): one message at a time per actor still, only the caller's own
 * message, never on a thread inside a turn, and with the outcomes a turn on the pool
 * would have. Most tests hold every thread of the shared pool, so that the run handed to
 * it cannot start and what the caller does is seen without a race.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CallerRunsTests {

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final CountDownLatch poolReleased = new CountDownLatch(1);

	private final List<ExecutorService> executors = new ArrayList<>();

	@AfterEach
	void close() {
		this.poolReleased.countDown();
		this.registries.forEach(ActorRegistry::close);
		this.executors.forEach(ExecutorService::shutdownNow);
	}

	/**
	 * The message ran on the calling thread while every thread of the pool was held: it
	 * could not have run anywhere else. The task the pool finds later runs no second
	 * turn.
	 */
	@Test
	void aBlockedCallerRunsTheIdleActorsMessageItselfAndThePoolsTaskThenRunsNothing() {
		ActorRegistry<Integer, Recorder> registry = registry("idle", FailurePolicy.RESUME);
		registry.lookupOrStart(1);
		holdThePool();
		Recorder.Turn turn = registry.ask(1, Recorder::record).join();
		assertThat(turn.thread()).isSameAs(Thread.currentThread());
		assertThat(turn.number()).isEqualTo(1);
		releaseThePool();
		// the pool ran the leftover task; had it run a turn, it would have found no
		// message
		// and failed (the mailbox's take waits for a counted message), or run a second
		// one
		Recorder.Turn next = registry.ask(1, Recorder::record).join();
		assertThat(next.number()).isEqualTo(2);
		assertThat(registry.ask(1, Recorder::turns).join()).isEqualTo(3);
	}

	/**
	 * Only the caller's own message runs on its thread: the messages sent behind it wait
	 * for the pool, and run there, in order, once it is free.
	 */
	@Test
	void theCallerRunsOnlyItsOwnMessageAndLeavesTheRestToThePool() {
		ActorRegistry<Integer, Recorder> registry = registry("own", FailurePolicy.RESUME);
		ActorRef<Integer, Recorder> ref = registry.lookupOrStart(1);
		holdThePool();
		CompletableFuture<Recorder.Turn> mine = ref.ask(Recorder::record);
		List<CompletableFuture<Recorder.Turn>> behind = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			behind.add(ref.ask(Recorder::record));
		}
		assertThat(mine.join().thread()).isSameAs(Thread.currentThread());
		assertThat(behind).noneMatch(CompletableFuture::isDone);
		releaseThePool();
		// not joined, which would let this thread run the next one
		Waits.eventually().until(() -> behind.stream().allMatch(CompletableFuture::isDone));
		for (int i = 0; i < 3; i++) {
			Recorder.Turn turn = behind.get(i).join();
			assertThat(turn.number()).isEqualTo(i + 2);
			assertThat(turn.thread().getName()).startsWith("actor-registry-");
		}
	}

	/**
	 * A caller whose message is not the next one does not run messages ahead of it: it
	 * waits, and the pool runs them all.
	 */
	@Test
	void aCallerBehindOtherMessagesWaitsForThePool() throws Exception {
		ActorRegistry<Integer, Recorder> registry = registry("behind", FailurePolicy.RESUME);
		ActorRef<Integer, Recorder> ref = registry.lookupOrStart(1);
		holdThePool();
		CompletableFuture<Recorder.Turn> ahead = ref.ask(Recorder::record);
		CompletableFuture<Recorder.Turn> mine = ref.ask(Recorder::record);
		Future<Recorder.Turn> joined = callerThread().submit(mine::join);
		// give the caller every chance to run something it must not
		Thread.sleep(200);
		assertThat(ahead).isNotDone();
		assertThat(joined).isNotDone();
		releaseThePool();
		assertThat(joined.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS).number()).isEqualTo(2);
		assertThat(ahead.join().thread().getName()).startsWith("actor-registry-");
	}

	/**
	 * Race: 8 callers ask 4 actors at once, half of them with {@code ask(...).join()} and
	 * half with {@code call}, each actor counting how many of its turns are under way;
	 * tells from other threads interleave. The pool's tasks and the callers race to claim
	 * every run. No turn may overlap another of the same actor, every message must run
	 * exactly once (each ask gets a distinct turn number, and the count equals the
	 * messages sent), and both kinds of thread must have run turns.
	 */
	@Test
	void manyCallersAndThePoolNeverRunTwoTurnsOfOneActorAtOnceNorLoseOrRepeatAMessage() throws Exception {
		ActorRegistry<Integer, Recorder> registry = registry("race", FailurePolicy.RESUME);
		int keys = 4;
		int callers = 8;
		int asksPerCaller = 5_000;
		int tellers = 2;
		int tellsPerTeller = 5_000;
		ExecutorService threads = Executors.newFixedThreadPool(callers + tellers);
		this.executors.add(threads);
		CyclicBarrier start = new CyclicBarrier(callers + tellers);
		List<Future<List<Integer>>> asked = new ArrayList<>();
		LongAdder onCallers = new LongAdder();
		for (int c = 0; c < callers; c++) {
			int caller = c;
			asked.add(threads.submit(() -> {
				start.await();
				List<Integer> numbers = new ArrayList<>();
				for (int i = 0; i < asksPerCaller; i++) {
					int key = (caller + i) % keys;
					Recorder.Turn turn = (caller % 2 == 0) ? registry.call(key, Recorder::record)
							: registry.ask(key, Recorder::record).join();
					numbers.add(key * 1_000_000 + turn.number());
					if (turn.thread() == Thread.currentThread()) {
						onCallers.increment();
					}
				}
				return numbers;
			}));
		}
		List<Future<?>> told = new ArrayList<>();
		for (int t = 0; t < tellers; t++) {
			int teller = t;
			told.add(threads.submit(() -> {
				start.await();
				for (int i = 0; i < tellsPerTeller; i++) {
					registry.tell((teller + i) % keys, Recorder::record);
				}
				return null;
			}));
		}
		Set<Integer> numbers = new HashSet<>();
		int answered = 0;
		for (Future<List<Integer>> future : asked) {
			List<Integer> some = future.get(Waits.WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			numbers.addAll(some);
			answered += some.size();
		}
		for (Future<?> future : told) {
			future.get(Waits.WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		assertThat(numbers).as("an ask's turn number seen twice: a message ran twice or turns overlapped")
			.hasSize(answered);
		int turns = 0;
		for (int key = 0; key < keys; key++) {
			// this ask is a turn too
			turns += registry.ask(key, Recorder::turns).join() - 1;
			assertThat(registry.ask(key, Recorder::overlaps).join()).as("overlapping turns of actor " + key).isZero();
		}
		assertThat(turns).as("turns run").isEqualTo(callers * asksPerCaller + tellers * tellsPerTeller);
		assertThat(onCallers.sum()).as("asks run on their caller's thread").isPositive();
		assertThat(Recorder.onPool(registry, keys)).as("turns run on the pool").isPositive();
	}

	/**
	 * A call to an idle actor runs on the caller's thread and hands no task to the pool:
	 * nothing of the pool is woken for it. An ask joined at once runs on the caller too,
	 * but its send has handed a task to the pool first (the control: the held pool leaves
	 * that task queued, where the test can count it).
	 */
	@Test
	void aCallToAnIdleActorRunsOnTheCallerAndWakesNoThreadOfThePool() {
		ActorRegistry<Integer, Recorder> registry = registry("call", FailurePolicy.RESUME);
		registry.lookupOrStart(1);
		ForkJoinPool pool = (ForkJoinPool) ActorRegistryBuilder.defaultExecutor();
		holdThePool();
		long queued = pool.getQueuedSubmissionCount();
		Recorder.Turn called = registry.call(1, Recorder::record);
		assertThat(called.thread()).isSameAs(Thread.currentThread());
		assertThat(pool.getQueuedSubmissionCount()).as("tasks handed to the pool by the call").isEqualTo(queued);
		Recorder.Turn asked = registry.ask(1, Recorder::record).join();
		assertThat(asked.thread()).isSameAs(Thread.currentThread());
		assertThat(pool.getQueuedSubmissionCount()).as("tasks handed to the pool by the ask").isEqualTo(queued + 1);
		releaseThePool();
		assertThat(registry.call(1, Recorder::record).number()).isEqualTo(3);
	}

	/**
	 * A call throws what the message threw, as it is, and a refusal rather than a failed
	 * future; the actor goes on.
	 */
	@Test
	void aCallThrowsTheMessagesExceptionAndTheRefusalsAsTheyAre() {
		ActorRegistry<Integer, Recorder> registry = registry("throws", FailurePolicy.RESUME);
		assertThatThrownBy(() -> registry.call(1, Recorder::fail)).isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("failed on ");
		assertThat(registry.call(1, Recorder::record).number()).isEqualTo(2);
		registry.close();
		assertThatThrownBy(() -> registry.call(1, Recorder::record)).isInstanceOf(ActorRegistryException.class)
			.hasMessageContaining("'throws'");
	}

	/**
	 * A message that throws on the caller's thread fails its reply with its own
	 * exception, and the failure policy acts as on the pool: STOP stops the actor and
	 * abandons what waited behind the message.
	 */
	@Test
	void aMessageThatThrowsOnTheCallerStopsTheActorUnderStop() {
		ActorRegistry<Integer, Recorder> registry = registry("stop", FailurePolicy.STOP);
		ActorRef<Integer, Recorder> ref = registry.lookupOrStart(1);
		holdThePool();
		CompletableFuture<Recorder.Turn> failing = ref.ask(Recorder::fail);
		CompletableFuture<Recorder.Turn> behind = ref.ask(Recorder::record);
		assertThatThrownBy(failing::join).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("failed on " + Thread.currentThread().getName());
		releaseThePool();
		assertThatThrownBy(behind::join).cause()
			.isInstanceOf(ActorStoppedException.class)
			.satisfies((ex) -> assertThat(((ActorStoppedException) ex).reason())
				.isEqualTo(ActorStoppedException.Reason.ABANDONED));
		Waits.eventually().until(() -> !ref.isAlive() && registry.lookup(1).isEmpty());
	}

	/**
	 * Under RESTART the actor gets a new instance after a message threw on the caller,
	 * and the next message runs against it.
	 */
	@Test
	void aMessageThatThrowsOnTheCallerRestartsTheActorUnderRestart() {
		ActorRegistry<Integer, Recorder> registry = registry("restart", FailurePolicy.RESTART);
		registry.lookupOrStart(1);
		registry.ask(1, Recorder::record).join();
		holdThePool();
		assertThatThrownBy(registry.ask(1, Recorder::fail)::join).cause().isInstanceOf(IllegalStateException.class);
		releaseThePool();
		assertThat(registry.ask(1, Recorder::record).join().number()).as("first turn of the new instance").isEqualTo(1);
	}

	/**
	 * A caller running its own message cannot stop waiting at the ask's deadline; if the
	 * message outlives it, the caller sees the timeout a waiting caller would have seen,
	 * not the late value.
	 */
	@Test
	void aMessageOutlivingItsAskTimeoutOnTheCallerFailsWithTheTimeout() {
		ActorRegistry<Integer, Recorder> registry = registry("deadline", FailurePolicy.RESUME);
		registry.lookupOrStart(1);
		holdThePool();
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		CompletableFuture<String> slow = registry.ask(1, (recorder) -> {
			ranOn.set(Thread.currentThread());
			sleep(Duration.ofMillis(300));
			return "late";
		}, Duration.ofMillis(50));
		assertThatThrownBy(slow::join).cause().isInstanceOf(AskTimeoutException.class);
		assertThat(ranOn.get()).isSameAs(Thread.currentThread());
	}

	/**
	 * A thread that runs a turn never runs another actor's turn inside it: the actor it
	 * waits for runs elsewhere, and a cycle of waits through a turn run on a caller's
	 * thread is still found.
	 */
	@Test
	void aTurnRunOnTheCallerWaitsForOtherActorsAsAnyTurnDoesAndItsDeadlockIsFound() {
		ActorRegistry<Integer, Recorder> first = registry("first", FailurePolicy.RESUME);
		ExecutorService own = Executors.newCachedThreadPool();
		this.executors.add(own);
		ActorRegistry<Integer, Recorder> second = track(ActorRegistry
			.builder("second", Integer.class, (Integer key, ActorContext<Integer> context) -> new Recorder())
			.executor(own)
			.build());
		first.lookupOrStart(1);
		holdThePool();
		// first's turn runs on this thread (the pool is held); it asks second, whose turn
		// runs on its own executor and asks first back: a cycle
		CompletableFuture<String> outcome = first.ask(1, (recorder) -> second.ask(1, (inner) -> {
			try {
				first.ask(1, Recorder::record).join();
				return "no deadlock found";
			}
			catch (CompletionException ex) {
				return ex.getCause().getClass().getSimpleName() + " in " + Thread.currentThread().getName();
			}
		}).join());
		// whichever wait closes the cycle finds it: second's, inside its turn on its own
		// executor, or first's, inside the turn this thread runs
		String found;
		try {
			// the reply's own join: this thread runs first's turn (the pool is held)
			found = outcome.join();
		}
		catch (CompletionException ex) {
			found = causeOf(ex).getClass().getSimpleName();
		}
		assertThat(found).startsWith(ActorDeadlockException.class.getSimpleName());
	}

	/**
	 * A turn that asks another actor and blocks does not run that actor's turn itself.
	 */
	@Test
	void aThreadInsideATurnDoesNotRunTheTurnOfTheActorItWaitsFor() {
		ActorRegistry<Integer, Recorder> registry = registry("nested", FailurePolicy.RESUME);
		registry.lookupOrStart(1);
		registry.lookupOrStart(2);
		for (int i = 0; i < 100; i++) {
			List<Thread> threads = registry
				.ask(1, (outer) -> List.of(Thread.currentThread(), registry.ask(2, Recorder::record).join().thread()))
				.join();
			assertThat(threads.get(1)).isNotSameAs(threads.get(0));
		}
	}

	/**
	 * The registry's condition says no: the caller waits, and the pool runs the message,
	 * whether the caller joins an ask or calls (whose run is then handed to the pool, not
	 * left held).
	 */
	@Test
	void aCallerTheConditionRefusesWaitsForThePool() throws Exception {
		ActorRegistry<Integer, Recorder> registry = track(ActorRegistry
			.builder("refused", Integer.class, (Integer key, ActorContext<Integer> context) -> new Recorder())
			.callerRuns(() -> false)
			.build());
		registry.lookupOrStart(1);
		holdThePool();
		Future<Recorder.Turn> joined = callerThread().submit(() -> registry.ask(1, Recorder::record).join());
		Future<Recorder.Turn> called = callerThread().submit(() -> registry.call(1, Recorder::record));
		// give the callers every chance to run what they must not
		Thread.sleep(200);
		assertThat(joined).isNotDone();
		assertThat(called).isNotDone();
		releaseThePool();
		assertThat(joined.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS).thread().getName())
			.startsWith("actor-registry-");
		assertThat(called.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS).thread().getName())
			.startsWith("actor-registry-");
	}

	/**
	 * An executor of the application's own is never bypassed: its turns run on it, even
	 * when the caller could run them.
	 */
	@Test
	void aConfiguredExecutorRunsEveryTurn() {
		ExecutorService own = Executors.newSingleThreadExecutor((task) -> new Thread(task, "own-executor"));
		this.executors.add(own);
		ActorRegistry<Integer, Recorder> registry = track(ActorRegistry
			.builder("own-executor", Integer.class, (Integer key, ActorContext<Integer> context) -> new Recorder())
			.executor(own)
			.build());
		registry.lookupOrStart(1);
		for (int i = 0; i < 100; i++) {
			assertThat(registry.ask(1, Recorder::record).join().thread().getName()).isEqualTo("own-executor");
		}
	}

	/** An interrupted caller does not run the message: it would hand it its interrupt. */
	@Test
	void anInterruptedCallerDoesNotRunTheMessage() throws Exception {
		ActorRegistry<Integer, Recorder> registry = registry("interrupted", FailurePolicy.RESUME);
		registry.lookupOrStart(1);
		holdThePool();
		CompletableFuture<Recorder.Turn> reply = registry.ask(1, Recorder::record);
		Future<Boolean> joined = callerThread().submit(() -> {
			Thread.currentThread().interrupt();
			Recorder.Turn turn = reply.join();
			return turn.thread() != Thread.currentThread() && Thread.interrupted();
		});
		Thread.sleep(200);
		assertThat(joined).isNotDone();
		releaseThePool();
		assertThat(joined.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.as("ran on the pool, the caller still interrupted")
			.isTrue();
	}

	// helpers

	private ActorRegistry<Integer, Recorder> registry(String name, FailurePolicy policy) {
		return track(ActorRegistry
			.builder(name, Integer.class, (Integer key, ActorContext<Integer> context) -> new Recorder())
			.failurePolicy(policy)
			.idleTimeout(Duration.ZERO)
			.build());
	}

	private <R extends ActorRegistry<?, ?>> R track(R registry) {
		this.registries.add(registry);
		return registry;
	}

	private ExecutorService callerThread() {
		ExecutorService caller = Executors.newSingleThreadExecutor();
		this.executors.add(caller);
		return caller;
	}

	/**
	 * Occupy every thread of the shared pool until {@link #releaseThePool()}, so that no
	 * run handed to it starts meanwhile.
	 */
	private void holdThePool() {
		ForkJoinPool pool = (ForkJoinPool) ActorRegistryBuilder.defaultExecutor();
		int threads = pool.getParallelism();
		CountDownLatch held = new CountDownLatch(threads);
		for (int i = 0; i < threads; i++) {
			pool.execute(() -> {
				held.countDown();
				Waits.awaitLatch(this.poolReleased);
			});
		}
		Waits.awaitLatch(held);
	}

	private void releaseThePool() {
		this.poolReleased.countDown();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Records each turn: its number and its thread, and whether turns overlapped. */
	static final class Recorder {

		private final AtomicInteger running = new AtomicInteger();

		private int turns;

		private int overlaps;

		private int onPool;

		Turn record() {
			if (this.running.incrementAndGet() != 1) {
				this.overlaps++;
			}
			try {
				this.turns++;
				if (Thread.currentThread().getName().startsWith("actor-registry-")) {
					this.onPool++;
				}
				// a little work, so that turns overlap if two ever run at once
				Thread.onSpinWait();
				return new Turn(this.turns, Thread.currentThread());
			}
			finally {
				this.running.decrementAndGet();
			}
		}

		Turn fail() {
			record();
			throw new IllegalStateException("failed on " + Thread.currentThread().getName());
		}

		int turns() {
			return record().number();
		}

		int overlaps() {
			return this.overlaps;
		}

		static int onPool(ActorRegistry<Integer, Recorder> registry, int keys) {
			int sum = 0;
			for (int key = 0; key < keys; key++) {
				sum += registry.ask(key, (recorder) -> recorder.onPool).join();
			}
			return sum;
		}

		record Turn(int number, Thread thread) {
		}

	}

	private static Throwable causeOf(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
