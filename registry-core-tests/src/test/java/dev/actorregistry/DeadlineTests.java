package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.awaitLatch;
import static dev.actorregistry.test.Waits.eventually;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Nothing waits forever: every ask has a deadline, every start has one, and a turn that
 * would wait for an answer that can never come fails at once, naming who waits for whom.
 * <p>
 * The deadlock tests keep the registry's ask timeout at its default (30 s) and assert the
 * exception: a wait that ran into its deadline instead of failing at once would end with
 * an {@link AskTimeoutException} and fail them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeadlineTests {

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void cleanUp() {
		this.release.countDown();
		this.registries.forEach((registry) -> registry.drain(Duration.ofSeconds(5)));
		this.callers.shutdownNow();
	}

	@Test
	void anAskNotAnsweredInTimeFailsNamingTheKeyAndTheDeadlineAndNeverRuns() throws Exception {
		ActorRegistry<String, Counter> registry = register(counters("asks"));
		ActorRef<String, Counter> ref = registry.lookupOrStart("busy");
		CompletableFuture<Integer> blocker = Waits.blockOn(ref, this.release, Counter::add);

		CompletableFuture<Integer> late = registry.ask("busy", Counter::add, Duration.ofMillis(50));
		assertThatExceptionOfType(CompletionException.class).isThrownBy(late::join)
			.havingCause()
			.isInstanceOfSatisfying(AskTimeoutException.class, (ex) -> {
				assertThat(ex.registry()).isEqualTo("asks");
				assertThat(ex.key()).isEqualTo("busy");
				assertThat(ex.timeout()).isEqualTo(Duration.ofMillis(50));
				assertThat(ex.getMessage()).contains("'asks'", "'busy'", "PT0.05S");
			});

		this.release.countDown();
		assertThat(blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		// the timed-out message was still queued when its caller gave up: it never runs
		assertThat(registry.ask("busy", Counter::add).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
	}

	@Test
	void theRegistrysAskTimeoutFailsAFutureThatNobodyJoins() throws Exception {
		ActorRegistry<String, Counter> registry = register(counters("asks").askTimeout(Duration.ofMillis(50)));
		ActorRef<String, Counter> ref = registry.lookupOrStart("busy");
		Waits.blockOn(ref, this.release, Counter::add);

		CompletableFuture<Integer> dependent = ref.ask(Counter::add).thenApply((count) -> count * 10);

		eventually().until(dependent::isDone);
		assertThat(rootCause(failureOf(dependent))).isInstanceOf(AskTimeoutException.class);
		assertThat(registry.settings().askTimeout()).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void anAskTimeoutMustBePositive() {
		ActorRegistry<String, Counter> registry = register(counters("asks"));
		assertThatIllegalArgumentException().isThrownBy(() -> registry.ask("a", Counter::add, Duration.ZERO))
			.withMessageContaining("'asks'")
			.withMessageContaining("'a'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ActorRegistry.builder("asks", String.class, (key, context) -> new Counter())
				.askTimeout(Duration.ofSeconds(-1)));
	}

	@Test
	void anActorThatAsksItselfByKeyAndJoinsInsideItsTurnFailsAtOnce() throws Exception {
		ActorRegistry<String, Counter> registry = register(counters("self"));

		CompletableFuture<Integer> outer = registry.ask("a", (counter) -> registry.ask("a", Counter::add).join());

		assertThat(rootCause(failureOf(outer))).isInstanceOfSatisfying(ActorDeadlockException.class, (ex) -> {
			assertThat(ex.chain()).containsExactly("self/a", "self/a");
			assertThat(ex.registry()).isEqualTo("self");
			assertThat(ex.key()).isEqualTo("a");
		});
		// the actor goes on: a turn that did not block answers
		assertThat(registry.ask("a", Counter::add).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
	}

	@Test
	void twoActorsThatAskEachOtherAndJoinFailAtOnceNamingTheCycle() throws Exception {
		ActorRegistry<String, Counter> registry = register(counters("cycle"));

		CompletableFuture<Integer> outer = registry.ask("a",
				(a) -> registry.ask("b", (b) -> registry.ask("a", Counter::add).join()).join());

		// whichever of the two turns blocked second sees the cycle, from itself
		assertThat(rootCause(failureOf(outer))).isInstanceOfSatisfying(ActorDeadlockException.class,
				(ex) -> assertThat(ex.chain()).isIn(List.of("cycle/b", "cycle/a", "cycle/b"),
						List.of("cycle/a", "cycle/b", "cycle/a")));
	}

	@Test
	void twoActorsThatAskEachOtherFromSeparateCallsAreFreedAtOnce() throws Exception {
		// both turns must be inside at once: threads of their own, however few cores
		ActorRegistry<String, Counter> registry = register(counters("crossing").executor(this.callers));
		CountDownLatch bothInside = new CountDownLatch(2);
		CompletableFuture<Integer> fromA = registry.ask("a", (a) -> {
			bothInside.countDown();
			awaitLatch(bothInside);
			return registry.ask("b", Counter::add).join();
		});
		CompletableFuture<Integer> fromB = registry.ask("b", (b) -> {
			bothInside.countDown();
			awaitLatch(bothInside);
			return registry.ask("a", Counter::add).join();
		});
		// A turn that sees the cycle fails at once, and the other then gets its answer;
		// if both close it at the same instant, both see it. Either way nobody waits for
		// the ask timeout (30 s), which would end in an AskTimeoutException instead.
		CompletableFuture.allOf(fromA, fromB)
			.exceptionally((ex) -> null)
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		List<CompletableFuture<Integer>> failed = List.of(fromA, fromB)
			.stream()
			.filter(CompletableFuture::isCompletedExceptionally)
			.toList();
		assertThat(failed).isNotEmpty();
		for (CompletableFuture<Integer> call : failed) {
			assertThat(rootCause(failureOf(call))).isInstanceOf(ActorDeadlockException.class);
		}
	}

	@Test
	void askingAnotherActorAndJoiningInsideATurnStillWorks() throws Exception {
		ActorRegistry<String, Counter> registry = register(counters("chain"));
		CompletableFuture<Integer> outer = registry.ask("a",
				(a) -> registry.ask("b", (b) -> registry.ask("c", Counter::add).join() + 10).join() + 100);
		assertThat(outer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(111);
	}

	/**
	 * A factory that never returns: the caller that started the actor is stuck in it, but
	 * every other caller fails once the start timeout passed, and the key is free again.
	 * When the stuck factory returns at last, its instance is destroyed, not registered.
	 */
	@Test
	void aFactoryThatNeverReturnsHoldsItsKeyNoLongerThanTheStartTimeout() throws Exception {
		AtomicBoolean stuck = new AtomicBoolean(true);
		AtomicInteger destroyed = new AtomicInteger();
		ActorRegistry<String, Counter> registry = register(
				ActorRegistry.<String, Counter>builder("stuck", String.class, new ActorFactory<>() {

					@Override
					public Counter create(String key, ActorContext<String> context) {
						if (stuck.getAndSet(false)) {
							awaitLatch(DeadlineTests.this.release);
						}
						return new Counter();
					}

					@Override
					public void destroy(String key, Counter instance) {
						destroyed.incrementAndGet();
					}

				})
					.startTimeout(Duration.ofMillis(200))
					// A sender expires a start it finds overdue by the registry's clock;
					// this
					// one stands still, so however slow the machine, the ask below queues
					// behind the stuck start, and only the caller waiting for it expires
					// it.
					.clock(new ManualClock()));
		Future<ActorRef<String, Counter>> first = this.callers.submit(() -> registry.lookupOrStart("k"));
		eventually().until(() -> !stuck.get());
		CompletableFuture<Integer> queued = registry.ask("k", Counter::add);

		assertThatExceptionOfType(ActorStartException.class).isThrownBy(() -> registry.lookupOrStart("k"))
			.withMessageContaining("'stuck'")
			.withMessageContaining("'k'")
			.withMessageContaining("did not start within the start timeout (PT0.2S)");
		assertThat(failureOf(queued)).isInstanceOf(ActorStartException.class);
		// the key is free again
		assertThat(registry.ask("k", Counter::add).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);

		this.release.countDown();
		assertThat(failureOf(first)).isInstanceOf(ActorStartException.class);
		eventually().until(() -> destroyed.get() == 1);
		assertThat(registry.size()).isOne();
	}

	@Test
	void aStartThatNeverEndsIsExpiredBySendersOnceItIsOverdue() throws Exception {
		ActorRegistry<String, Counter> registry = register(
				ActorRegistry.<String, Counter>builder("overdue", String.class, (key, context) -> {
					if (key.equals("stuck")) {
						awaitLatch(this.release);
					}
					return new Counter();
				}).startTimeout(Duration.ofMillis(100)).executor(this.callers));
		CompletableFuture<Integer> first = registry.ask("stuck", Counter::add);

		// nobody waits for this start: the first send after its deadline expires it
		eventually().until(() -> {
			registry.tell("stuck", Counter::add);
			return first.isDone();
		});
		assertThat(failureOf(first)).isInstanceOf(ActorStartException.class)
			.hasMessageContaining("did not start within");
		assertThat(registry.lookup("stuck")).isEmpty();
	}

	/**
	 * A start that has just succeeded is not overdue, whatever clock the registry reads:
	 * the listener holds the start after its instance exists and before it is marked
	 * started, while a message is sent by key, on a registry whose clock reads near zero.
	 */
	@Test
	void aMessageSentAsAStartEndsDoesNotExpireIt() throws Exception {
		CountDownLatch heardStart = new CountDownLatch(1);
		CountDownLatch sent = new CountDownLatch(1);
		ActorRegistry<String, Counter> registry = register(counters("just-started").clock(new ManualClock())
			.executor(this.callers)
			.listener(new RegistryListener() {

				@Override
				public void actorStarted(String name, Object key, long startNanos) {
					heardStart.countDown();
					awaitLatch(sent);
				}

			}));
		CompletableFuture<Integer> first = registry.ask("k", Counter::add);
		assertThat(heardStart.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		CompletableFuture<Integer> second = registry.ask("k", Counter::add);
		sent.countDown();

		assertThat(first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isOne();
		assertThat(second.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
	}

	@Test
	void anAsynchronousStartFailsOnceItOutlivesTheStartTimeout() throws Exception {
		ActorRegistry<String, Counter> registry = register(
				ActorRegistry.<String, Counter>builder("async", String.class, (key, context) -> {
					awaitLatch(this.release);
					return new Counter();
				}).startTimeout(Duration.ofMillis(100)).executor(this.callers));

		CompletableFuture<ActorRef<String, Counter>> started = registry.lookupOrStartAsync("k");

		assertThat(failureOf(started)).isInstanceOf(ActorStartException.class)
			.hasMessageContaining("did not start within");
		assertThat(registry.size()).isZero();
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root;
	}

	private ActorRegistryBuilder<String, Counter> counters(String name) {
		return ActorRegistry.builder(name, String.class, (key, context) -> new Counter());
	}

	private <K, A> ActorRegistry<K, A> register(ActorRegistryBuilder<K, A> builder) {
		ActorRegistry<K, A> registry = builder.build();
		this.registries.add(registry);
		return registry;
	}

	static final class Counter {

		private int count;

		int add() {
			return ++this.count;
		}

	}

}
