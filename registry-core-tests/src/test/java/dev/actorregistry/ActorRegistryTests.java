package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.awaitLatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The registry's contract for one caller at a time: identity per key, starts that fail,
 * sends through stale refs, the supervisor protocol, hooks, and bad input.
 */
class ActorRegistryTests {

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final AtomicInteger created = new AtomicInteger();

	private final AtomicInteger destroyed = new AtomicInteger();

	@AfterEach
	void closeRegistries() {
		this.registries.forEach(ActorRegistry::close);
	}

	private ActorRegistry<String, Counter> counters() {
		return register(ActorRegistry.builder("counters", String.class, this::newCounter));
	}

	private Counter newCounter(String key, ActorContext<String> context) {
		this.created.incrementAndGet();
		return new Counter(key, context);
	}

	private <K, A> ActorRegistry<K, A> register(ActorRegistryBuilder<K, A> builder) {
		ActorRegistry<K, A> registry = builder.build();
		this.registries.add(registry);
		return registry;
	}

	@Test
	void sameKeyGivesTheSameActor() {
		ActorRegistry<String, Counter> counters = counters();
		ActorRef<String, Counter> first = counters.lookupOrStart("a");
		ActorRef<String, Counter> second = counters.lookupOrStart("a");
		assertThat(second).isSameAs(first);
		assertThat(counters.lookup("a")).containsSame(first);
		assertThat(first.ask(Counter::self).join()).isSameAs(second.ask(Counter::self).join());
		assertThat(this.created).hasValue(1);
	}

	@Test
	void differentKeysGiveDifferentActors() {
		ActorRegistry<String, Counter> counters = counters();
		Counter a = counters.ask("a", Counter::self).join();
		Counter b = counters.ask("b", Counter::self).join();
		assertThat(a).isNotSameAs(b);
		assertThat(a.key).isEqualTo("a");
		assertThat(b.key).isEqualTo("b");
		assertThat(counters.size()).isEqualTo(2);
	}

	@Test
	void twoRegistriesAreIndependent() {
		ActorRegistry<String, Counter> one = counters();
		ActorRegistry<String, Counter> two = register(
				ActorRegistry.builder("others", String.class, (key, context) -> new Counter(key, context)));
		one.ask("a", (counter) -> counter.add(5)).join();
		assertThat(two.ask("a", (counter) -> counter.add(1)).join()).isEqualTo(1);
		assertThat(two.lookup("a")).isPresent().get().isNotSameAs(one.lookup("a").orElseThrow());
		one.stop("a").join();
		assertThat(one.lookup("a")).isEmpty();
		assertThat(two.lookup("a")).isPresent();
	}

	@Test
	void lookupNeverStarts() {
		ActorRegistry<String, Counter> counters = counters();
		assertThat(counters.lookup("a")).isEmpty();
		assertThat(this.created).hasValue(0);
		assertThat(counters.size()).isZero();
	}

	@Test
	void startOfALiveKeyFailsCarryingTheLiveActor() {
		ActorRegistry<String, Counter> counters = counters();
		ActorRef<String, Counter> live = counters.start("a");
		assertThatExceptionOfType(AlreadyStartedException.class).isThrownBy(() -> counters.start("a"))
			.satisfies((ex) -> assertThat(ex.<String, Counter>ref()).isSameAs(live))
			.withMessageContaining("'counters'")
			.withMessageContaining("'a'");
		assertThat(this.created).hasValue(1);
	}

	@Test
	void stopCompletesWhenTheActorIsGoneAndTheKeyIsReusable() {
		ActorRegistry<String, Counter> counters = register(
				ActorRegistry.builder("counters", String.class, this::newCounter).listener(new RegistryListener() {
				}));
		ActorRef<String, Counter> first = counters.start("a");
		Counter instance = first.ask(Counter::self).join();
		counters.stop("a").join();
		assertThat(instance.stops).containsExactly(StopReason.STOPPED);
		assertThat(first.isAlive()).isFalse();
		assertThat(counters.lookup("a")).isEmpty();
		assertThat(counters.size()).isZero();
		ActorRef<String, Counter> second = counters.start("a");
		assertThat(second).isNotSameAs(first);
		assertThat(second.isAlive()).isTrue();
	}

	@Test
	void stopLetsAlreadyAcceptedMessagesRunFirst() throws Exception {
		ActorRegistry<String, Counter> counters = counters();
		ActorRef<String, Counter> ref = counters.lookupOrStart("a");
		CountDownLatch release = new CountDownLatch(1);
		ref.tell((counter) -> awaitLatch(release));
		List<CompletableFuture<Integer>> queued = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			queued.add(ref.ask((counter) -> counter.add(1)));
		}
		CompletableFuture<Void> stopped = counters.stop("a");
		CompletableFuture<Integer> late = ref.ask((counter) -> counter.add(1));
		release.countDown();
		stopped.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(queued).allSatisfy((future) -> assertThat(future).isCompleted());
		assertThat(queued.get(9).join()).isEqualTo(10);
		assertThat(late).failsWithin(Duration.ZERO)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(ActorStoppedException.class);
	}

	@Test
	void stopOfAnAbsentKeyIsAlreadyComplete() {
		assertThat(counters().stop("nobody")).isCompleted();
	}

	@Test
	void factoryThatThrowsFailsTheStartAndIsTriedAgain() {
		AtomicInteger attempts = new AtomicInteger();
		IllegalStateException boom = new IllegalStateException("boom");
		ActorRegistry<String, Counter> counters = register(
				ActorRegistry.builder("counters", String.class, (key, context) -> {
					if (key.equals("bad") && attempts.incrementAndGet() == 1) {
						throw boom;
					}
					return new Counter(key, context);
				}));
		ActorRef<String, Counter> sibling = counters.lookupOrStart("good");
		assertThatExceptionOfType(ActorStartException.class).isThrownBy(() -> counters.lookupOrStart("bad"))
			.withCause(boom)
			.withMessageContaining("'counters'")
			.withMessageContaining("'bad'")
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo("bad"));
		assertThat(counters.lookup("bad")).isEmpty();
		assertThat(counters.size()).isEqualTo(1);
		assertThat(counters.lookupOrStart("bad").isAlive()).isTrue();
		assertThat(attempts).hasValue(2);
		assertThat(counters.lookup("good")).containsSame(sibling);
	}

	@Test
	void factoryThatReturnsNullFailsTheStart() {
		AtomicInteger attempts = new AtomicInteger();
		ActorRegistry<String, Counter> counters = register(ActorRegistry.builder("counters", String.class,
				(key, context) -> (attempts.incrementAndGet() == 1) ? null : new Counter(key, context)));
		assertThatExceptionOfType(ActorStartException.class).isThrownBy(() -> counters.lookupOrStart("a"))
			.withMessageContaining("returned null");
		assertThat(counters.lookup("a")).isEmpty();
		assertThat(counters.ask("a", (counter) -> counter.add(1)).join()).isEqualTo(1);
	}

	@Test
	void aHugeKeyIsAbbreviatedInMessagesToItsStartAndLength() {
		String huge = "k".repeat(10_000);
		ActorRegistry<String, Counter> counters = register(ActorRegistry
			.<String, Counter>builder("counters", String.class, (key, context) -> new Counter(key, context))
			.mailboxCapacity(1));
		CountDownLatch release = new CountDownLatch(1);
		ActorRef<String, Counter> ref = counters.lookupOrStart(huge);
		ref.tell((counter) -> awaitLatch(release));
		try {
			assertThatExceptionOfType(MailboxFullException.class).isThrownBy(() -> ref.tell(Counter::self))
				.satisfies((ex) -> {
					assertThat(ex.getMessage()).hasSizeLessThan(500).contains("(10000 characters)");
					assertThat(ex.key()).isEqualTo(huge);
				});
		}
		finally {
			release.countDown();
		}
		assertThat(ActorRegistryException.keyText("short")).isEqualTo("short");
	}

	@Test
	void sendingByKeyReportsAFailedStartToTheMessagesThatWaitedForIt() {
		List<ActorRegistryException> rejected = new CopyOnWriteArrayList<>();
		ActorRegistry<String, Counter> counters = register(
				ActorRegistry.<String, Counter>builder("counters", String.class, (key, context) -> {
					throw new IllegalStateException("no");
				}).listener(new RegistryListener() {

					@Override
					public void messageRejected(String registry, Object key, ActorRegistryException cause) {
						rejected.add(cause);
					}

				}));
		assertThat(counters.ask("a", Counter::self)).failsWithin(Waits.TIMEOUT)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(ActorStartException.class)
			.withMessageContaining("its factory threw java.lang.IllegalStateException")
			// the factory's own text stays in the cause, out of the message
			.withMessageNotContaining(": no")
			.withRootCauseInstanceOf(IllegalStateException.class)
			.withStackTraceContaining("IllegalStateException: no");
		// a tell never waits for the start either: its refusal is reported, not thrown
		counters.tell("a", Counter::self);
		Waits.eventually().until(() -> rejected.size() == 2);
		assertThat(rejected).allSatisfy((cause) -> assertThat(cause).isInstanceOf(ActorStartException.class));
		assertThat(counters.size()).isZero();
	}

	@Test
	void factoryMayStartAnotherKey() {
		List<ActorRegistry<String, Counter>> holder = new ArrayList<>();
		ActorRegistry<String, Counter> counters = register(
				ActorRegistry.builder("counters", String.class, (key, context) -> {
					if (key.startsWith("parent-")) {
						context.registry().lookupOrStart("child-of-" + key);
					}
					return new Counter(key, context);
				}));
		holder.add(counters);
		counters.lookupOrStart("parent-1");
		assertThat(counters.lookup("child-of-parent-1")).isPresent();
		assertThat(counters.size()).isEqualTo(2);
	}

	@Test
	void factoryThatStartsItsOwnKeyFailsInsteadOfDeadlocking() {
		ActorRegistry<String, Counter> counters = register(
				ActorRegistry.builder("counters", String.class, (key, context) -> {
					context.registry().lookupOrStart(key);
					return new Counter(key, context);
				}));
		assertThatExceptionOfType(ActorStartException.class).isThrownBy(() -> counters.lookupOrStart("a"))
			.withMessageContaining("'a'")
			.withRootCauseInstanceOf(ActorStartException.class);
		assertThat(counters.lookup("a")).isEmpty();
	}

	@Test
	void askThroughAStoppedRefFailsButAskByKeyReachesAFreshActivation() {
		ActorRegistry<String, Counter> counters = counters();
		ActorRef<String, Counter> stale = counters.lookupOrStart("a");
		Counter old = stale.ask(Counter::self).join();
		counters.stop("a").join();
		assertThat(stale.ask((counter) -> counter.add(1))).failsWithin(Duration.ZERO)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(ActorStoppedException.class)
			.withMessageContaining("'counters'")
			.withMessageContaining("'a'");
		assertThatExceptionOfType(ActorStoppedException.class).isThrownBy(() -> stale.tell(Counter::self));
		Counter fresh = counters.ask("a", Counter::self).join();
		assertThat(fresh).isNotSameAs(old);
		assertThat(counters.ask("a", (counter) -> counter.add(1)).join()).isEqualTo(1);
	}

	@Test
	void stopSelfStopsAfterTheCurrentMessage() {
		ActorRegistry<String, Counter> counters = counters();
		ActorRef<String, Counter> ref = counters.lookupOrStart("a");
		Counter instance = ref.ask(Counter::self).join();
		ref.ask((counter) -> {
			counter.context.stopSelf();
			return counter.add(1);
		}).join();
		ref.ask(Counter::self).exceptionally((ex) -> null).join();
		counters.stop("a").join();
		assertThat(instance.stops).containsExactly(StopReason.STOPPED);
		assertThat(counters.lookup("a")).isEmpty();
	}

	@Test
	void supervisorProtocolCountsStartsStopsAndFailures() {
		ActorRegistry<String, Counter> counters = counters();
		counters.lookupOrStart("a");
		counters.lookupOrStart("b");
		counters.lookupOrStart("c");
		counters.ask("a", (counter) -> counter.add(1)).join();
		counters.ask("a", (counter) -> counter.fail()).exceptionally((ex) -> 0).join();
		counters.stop("c").join();

		assertThat(counters.countChildren()).isEqualTo(new ChildCounts(1, 2, 0, 2));
		assertThat(counters.whichChildren()).extracting(ChildInfo::key).containsExactlyInAnyOrder("a", "b");
		ChildInfo<String, Counter> a = counters.child("a").orElseThrow();
		assertThat(a.status()).isEqualTo(ActorStatus.ACTIVE);
		assertThat(a.processed()).isEqualTo(2);
		assertThat(a.failures()).isEqualTo(1);
		// a run takes finished messages off the count after their replies, in steps
		Waits.eventually().until(() -> counters.child("a").orElseThrow().mailboxSize() == 0);
		assertThat(a.actor().key).isEqualTo("a");
		assertThat(a.lastActiveAt()).isAfterOrEqualTo(a.startedAt());
		assertThat(counters.child("c")).isEmpty();
		assertThat(counters.pendingMessages()).isZero();
	}

	@Test
	void childInfoTimesFollowTheRegistryClock() {
		ManualClock clock = new ManualClock();
		ActorRegistry<String, Counter> counters = register(
				ActorRegistry.builder("counters", String.class, this::newCounter).clock(clock));
		java.time.Instant start = clock.instant();
		counters.lookupOrStart("a");
		clock.advance(Duration.ofSeconds(5));
		counters.ask("a", (counter) -> counter.add(1)).join();
		clock.advance(Duration.ofSeconds(5));
		ChildInfo<String, Counter> a = counters.child("a").orElseThrow();
		assertThat(a.startedAt()).isEqualTo(start);
		assertThat(a.lastActiveAt()).isEqualTo(start.plusSeconds(5));
	}

	@Test
	void onStartThatThrowsLeavesNothingRegistered() {
		AtomicInteger attempts = new AtomicInteger();
		ActorRegistry<String, Hooked> hooked = register(ActorRegistry
			.builder("hooked", String.class, (key, context) -> new Hooked(attempts.incrementAndGet() == 1))
			.listener(new RegistryListener() {
			}));
		assertThatExceptionOfType(ActorStartException.class).isThrownBy(() -> hooked.lookupOrStart("a"))
			.withMessageContaining("onStart")
			.withCauseInstanceOf(IllegalStateException.class);
		assertThat(hooked.lookup("a")).isEmpty();
		assertThat(hooked.size()).isZero();
		assertThat(Hooked.destroyed).contains("onStart failed");
		assertThat(hooked.lookupOrStart("a").isAlive()).isTrue();
	}

	@Test
	void onStopThatThrowsIsReportedAndTheActorIsStillRemoved() {
		List<String> hookFailures = new CopyOnWriteArrayList<>();
		ActorRegistry<String, Hooked> hooked = register(
				ActorRegistry.<String, Hooked>builder("hooked", String.class, (key, context) -> new Hooked(false) {
					@Override
					public void onStop(StopReason reason) {
						throw new IllegalStateException("stop hook");
					}
				}).listener(new RegistryListener() {
					@Override
					public void hookFailed(String registry, Object key, String hook, Throwable cause) {
						hookFailures.add(registry + "/" + key + "/" + hook + "/" + cause.getMessage());
					}
				}));
		hooked.lookupOrStart("a");
		hooked.stop("a").join();
		assertThat(hookFailures).containsExactly("hooked/a/onStop/stop hook");
		assertThat(hooked.lookup("a")).isEmpty();
		assertThat(hooked.lookupOrStart("a").isAlive()).isTrue();
	}

	@Test
	void listenersThatThrowBreakNeitherTheActorNorTheListenersAfterThem() {
		List<String> heard = new CopyOnWriteArrayList<>();
		RegistryListener throwing = new RegistryListener() {
			@Override
			public void messageProcessed(String registry, Object key, long waitNanos, long processNanos,
					Throwable failure) {
				throw new IllegalStateException("listener bug");
			}

			@Override
			public void actorStarted(String registry, Object key, long startNanos) {
				throw new IllegalStateException("listener bug");
			}

			@Override
			public void registryDrained(DrainReport report) {
				throw new IllegalStateException("listener bug");
			}
		};
		RegistryListener recording = new RegistryListener() {
			@Override
			public void messageProcessed(String registry, Object key, long waitNanos, long processNanos,
					Throwable failure) {
				heard.add("processed " + key);
			}

			@Override
			public void actorStarted(String registry, Object key, long startNanos) {
				heard.add("started " + key);
			}

			@Override
			public void registryDrained(DrainReport report) {
				heard.add("drained " + report.registry());
			}
		};
		ActorRegistry<String, Counter> counters = register(
				ActorRegistry.builder("counters", String.class, this::newCounter)
					.listener(RegistryListener.allOf(List.of(throwing, recording))));
		assertThat(counters.ask("a", (counter) -> counter.add(1)).join()).isEqualTo(1);
		assertThat(counters.ask("a", (counter) -> counter.add(1)).join()).isEqualTo(2);
		assertThat(heard).containsExactly("started a", "processed a", "processed a");
		// a rare event goes through the same guard
		assertThat(counters.drain(Waits.TIMEOUT).isComplete()).isTrue();
		assertThat(heard).endsWith("drained counters");
	}

	@Test
	void everyCreatedInstanceIsDestroyedOnce() {
		ActorRegistry<String, Counter> counters = register(
				ActorRegistry.builder("counters", String.class, new ActorFactory<String, Counter>() {
					@Override
					public Counter create(String key, ActorContext<String> context) {
						return newCounter(key, context);
					}

					@Override
					public void destroy(String key, Counter actor) {
						ActorRegistryTests.this.destroyed.incrementAndGet();
					}
				}));
		for (int i = 0; i < 5; i++) {
			counters.lookupOrStart("k" + i);
		}
		counters.stop("k0").join();
		assertThat(this.destroyed).hasValue(1);
		DrainReport report = counters.drain(Waits.TIMEOUT);
		assertThat(report.actorsStopped()).isEqualTo(4);
		assertThat(this.destroyed).hasValue(5);
		assertThat(this.created).hasValue(5);
	}

	@Test
	void nullKeysAndMessagesAreRefusedWithTheRegistryName() {
		ActorRegistry<String, Counter> counters = counters();
		assertThatNullPointerException().isThrownBy(() -> counters.lookupOrStart(null))
			.withMessageContaining("'counters'")
			.withMessageContaining("key");
		assertThatNullPointerException().isThrownBy(() -> counters.lookup(null)).withMessageContaining("'counters'");
		assertThatNullPointerException().isThrownBy(() -> counters.ask(null, Counter::self))
			.withMessageContaining("'counters'");
		assertThatNullPointerException().isThrownBy(() -> counters.stop(null)).withMessageContaining("'counters'");
		assertThatNullPointerException().isThrownBy(() -> counters.ask("a", null))
			.withMessageContaining("'counters'")
			.withMessageContaining("'a'");
		assertThatNullPointerException().isThrownBy(() -> counters.tell("a", null))
			.withMessageContaining("'counters'")
			.withMessageContaining("'a'");
		ActorRef<String, Counter> ref = counters.lookupOrStart("b");
		assertThatNullPointerException().isThrownBy(() -> ref.ask(null)).withMessageContaining("'b'");
		assertThatNullPointerException().isThrownBy(() -> ref.tell(null)).withMessageContaining("'b'");
		assertThat(counters.size()).isEqualTo(1);
	}

	@Test
	void invalidSettingsAreRefusedWithTheRegistryName() {
		ActorRegistryBuilder<String, Counter> builder = ActorRegistry.builder("counters", String.class,
				this::newCounter);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.idleTimeout(Duration.ofSeconds(-1)))
			.withMessageContaining("'counters'")
			.withMessageContaining("idleTimeout");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.maxActive(-1)).withMessageContaining("maxActive");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.mailboxCapacity(-5))
			.withMessageContaining("mailboxCapacity");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ActorRegistry.builder(" ", String.class, this::newCounter));
		assertThatNullPointerException().isThrownBy(() -> builder.executor(null)).withMessageContaining("'counters'");
	}

	@Test
	void callsAfterCloseAreRefusedClearly() {
		ActorRegistry<String, Counter> counters = counters();
		ActorRef<String, Counter> ref = counters.lookupOrStart("a");
		counters.close();
		assertThat(counters.status()).isEqualTo(RegistryStatus.STOPPED);
		assertThatExceptionOfType(RegistryClosedException.class).isThrownBy(() -> counters.lookupOrStart("a"))
			.withMessageContaining("'counters'")
			.withMessageContaining("'a'");
		assertThatExceptionOfType(RegistryClosedException.class).isThrownBy(() -> counters.tell("b", Counter::self));
		assertThat(counters.ask("c", Counter::self)).failsWithin(Duration.ZERO)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(RegistryClosedException.class);
		assertThatExceptionOfType(ActorStoppedException.class).isThrownBy(() -> ref.tell(Counter::self));
		assertThat(counters.lookup("a")).isEmpty();
		assertThat(counters.stop("a")).isCompleted();
	}

	static class Counter implements ActorLifecycle {

		final String key;

		final ActorContext<String> context;

		final List<StopReason> stops = new CopyOnWriteArrayList<>();

		private int value;

		Counter(String key, ActorContext<String> context) {
			this.key = key;
			this.context = context;
		}

		int add(int delta) {
			this.value += delta;
			return this.value;
		}

		int fail() {
			throw new IllegalStateException("failing on purpose");
		}

		Counter self() {
			return this;
		}

		@Override
		public void onStop(StopReason reason) {
			this.stops.add(reason);
		}

	}

	static class Hooked implements ActorLifecycle {

		static final List<String> destroyed = new CopyOnWriteArrayList<>();

		private final boolean failStart;

		Hooked(boolean failStart) {
			this.failStart = failStart;
		}

		@Override
		public void onStart() {
			if (this.failStart) {
				destroyed.add("onStart failed");
				throw new IllegalStateException("start hook");
			}
		}

	}

}
