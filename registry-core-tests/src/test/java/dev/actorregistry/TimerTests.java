package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.awaitLatch;
import static dev.actorregistry.test.Waits.blockOn;
import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Actor timers. Time is a {@link ManualClock}: tests advance it and call
 * {@link ActorRegistry#fireDueTimers()}; the registry's own wake-up is due by the manual
 * clock too, so it never fires a tick the test did not make due.
 */
class TimerTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final ManualClock clock = new ManualClock();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	/** Every instance created, by key, the latest last. */
	private final Map<String, List<Clockwork>> instances = new ConcurrentHashMap<>();

	@AfterEach
	void cleanUp() {
		this.release.countDown();
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.executor.shutdownNow();
	}

	@Test
	void singleTickRunsOnceAfterItsDelay() {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		Timer timer = registry.ask("a", (actor) -> actor.start("once", TimerSchedule.once(MINUTE))).join();

		this.clock.advance(MINUTE.minusSeconds(1));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(1));
		assertThat(timer.isActive()).isFalse();
		assertThat(registry.ask("a", (actor) -> actor.context.timers().names()).join()).isEmpty();

		this.clock.advance(MINUTE.multipliedBy(10));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		assertThat(registry.ask("a", (actor) -> actor.ticks.get()).join()).isEqualTo(1);
	}

	@Test
	void fixedRateTicksEveryPeriodAndNeverQueuesASecondTick() throws Exception {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		ActorRef<String, Clockwork> ref = registry.lookupOrStart("a");
		ref.ask((actor) -> actor.start("rate", TimerSchedule.atFixedRate(MINUTE, MINUTE))).join();
		for (int tick = 1; tick <= 3; tick++) {
			this.clock.advance(MINUTE);
			assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
			int expected = tick;
			eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(expected));
		}

		// the actor is busy: one tick waits for it, later ones are not queued behind it
		CountDownLatch busy = new CountDownLatch(1);
		var blocked = blockOn(ref, busy, (actor) -> actor.ticks.get());
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
		for (int i = 0; i < 5; i++) {
			this.clock.advance(MINUTE);
			assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		}
		busy.countDown();
		assertThat(blocked.get()).isEqualTo(3);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(4));
		// and it keeps its rate afterwards
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(5));
	}

	@Test
	void fixedDelayCountsFromTheEndOfEachTick() {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		// each tick takes two minutes of the clock, so the next is due three
		// minutes after the previous one was
		registry.ask("a", (actor) -> actor.start("delay", TimerSchedule.withFixedDelay(MINUTE, MINUTE), () -> {
			actor.ticks.incrementAndGet();
			this.clock.advance(MINUTE.multipliedBy(2));
		})).join();
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(1));

		this.clock.advance(MINUTE.minusSeconds(1));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(2));
	}

	@Test
	void cancelledTimerRunsNoTickNotEvenOneAlreadyQueued() throws Exception {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		ActorRef<String, Clockwork> ref = registry.lookupOrStart("a");
		Timer byHandle = ref.ask((actor) -> actor.start("handle", TimerSchedule.atFixedRate(MINUTE, MINUTE))).join();
		ref.ask((actor) -> actor.start("name", TimerSchedule.atFixedRate(MINUTE, MINUTE))).join();

		CountDownLatch busy = new CountDownLatch(1);
		var blocked = blockOn(ref, busy, (actor) -> actor.ticks.get());
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(2);
		assertThat(byHandle.cancel()).isTrue();
		assertThat(latest("a").context.timers().cancel("name")).isTrue();
		assertThat(byHandle.cancel()).isFalse();
		assertThat(latest("a").context.timers().cancel("name")).isFalse();
		busy.countDown();
		assertThat(blocked.get()).isZero();

		this.clock.advance(MINUTE.multipliedBy(5));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		assertThat(ref.ask((actor) -> actor.ticks.get()).join()).isZero();
		assertThat(ref.ask((actor) -> actor.context.timers().names()).join()).isEmpty();
	}

	@Test
	void startingATimerUnderANameInUseReplacesIt() {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		Timer first = registry.ask("a", (actor) -> actor.start("t", TimerSchedule.atFixedRate(MINUTE, MINUTE))).join();
		Timer second = registry
			.ask("a", (actor) -> actor.start("t", TimerSchedule.atFixedRate(MINUTE, MINUTE.multipliedBy(2))))
			.join();
		assertThat(first.isActive()).isFalse();
		assertThat(second.isActive()).isTrue();
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(1));
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(2));
	}

	/**
	 * The race: one thread makes ticks due and fires them as fast as it can while another
	 * sends messages; every turn marks the actor busy and checks nobody else is. The
	 * sender goes on until ticks have run between its messages: on a fast machine it
	 * could otherwise send them all before the firing thread is even scheduled.
	 */
	@Test
	void ticksAreTurnsAndNeverRunConcurrentlyWithMessages() throws Exception {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		ActorRef<String, Clockwork> ref = registry.lookupOrStart("a");
		Duration nanosecond = Duration.ofNanos(1);
		ref.ask((actor) -> actor.start("busy", TimerSchedule.atFixedRate(nanosecond, nanosecond), () -> {
			actor.ticks.incrementAndGet();
			actor.turn();
		})).join();
		Clockwork actor = latest("a");
		AtomicBoolean sending = new AtomicBoolean(true);
		var firing = this.executor.submit(() -> {
			while (sending.get()) {
				this.clock.advance(nanosecond);
				RegistryTestKit.of(registry).fireDueTimers();
			}
		});
		int batch = 500;
		int leastMessages = 20_000;
		int leastTicks = 100;
		int mostMessages = 10_000_000;
		int messages = 0;
		while (messages < mostMessages && (messages < leastMessages || actor.ticks.get() < leastTicks)) {
			for (int i = 0; i < batch; i++) {
				ref.tell(Clockwork::turn);
			}
			messages += batch;
			ref.ask((ignored) -> null).join();
		}
		int ticksWhileSending = actor.ticks.get();
		sending.set(false);
		firing.get();
		int sent = messages;
		eventually().untilAsserted(() -> assertThat(actor.turns.get()).isEqualTo(sent + actor.ticks.get()));
		assertThat(ticksWhileSending).isGreaterThanOrEqualTo(leastTicks);
		assertThat(actor.overlaps.get()).isZero();
	}

	/**
	 * Issue 12, item 4. One thread makes a fixed-delay timer due and fires it as fast as
	 * it can, so its actor ticks all the time, while the test thread cancels it, round
	 * after round, at a random moment after a tick began. Each round's ticks note whether
	 * one began, or was still running, after {@code cancel()} returned. In every other
	 * round the tick holds until cancel has been called, so cancel surely meets a tick
	 * under way: those rounds, counted, keep the test from passing without the race.
	 */
	@Test
	void aTimerCancelledFromAnotherThreadNeverTicksAfterCancelReturns() throws Exception {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		registry.lookupOrStart("a");
		Clockwork actor = latest("a");
		Duration nanosecond = Duration.ofNanos(1);
		AtomicBoolean racing = new AtomicBoolean(true);
		var firing = this.executor.submit(() -> {
			while (racing.get()) {
				this.clock.advance(nanosecond);
				RegistryTestKit.of(registry).fireDueTimers();
				Thread.yield();
			}
		});
		SplittableRandom random = new SplittableRandom();
		int rounds = 8_000;
		int held = 0;
		int overlapped = 0;
		int begunAfter = 0;
		int runningAfter = 0;
		try {
			for (int i = 0; i < rounds; i++) {
				RaceRound round = new RaceRound(i % 2 == 0);
				Timer timer = actor.start("race", TimerSchedule.withFixedDelay(Duration.ZERO, nanosecond), round::tick);
				round.awaitTick();
				for (int spins = random.nextInt(2_000); spins > 0; spins--) {
					Thread.onSpinWait();
				}
				round.cancelCalled = true;
				timer.cancel();
				round.cancelReturned = true;
				// a turn behind any tick of the round's timer that began
				registry.ask("a", (ignored) -> null).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				held += round.held ? 1 : 0;
				overlapped += round.overlapped.get() ? 1 : 0;
				begunAfter += round.begunAfter.get() ? 1 : 0;
				runningAfter += round.runningAfter.get() ? 1 : 0;
			}
		}
		finally {
			racing.set(false);
			firing.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		assertThat(begunAfter).as("rounds with a tick begun after cancel returned, of %d", rounds).isZero();
		assertThat(runningAfter).as("rounds with a tick still running after cancel returned, of %d", rounds).isZero();
		assertThat(overlapped).as("rounds with a tick running while cancel was under way, of %d", rounds)
			.isGreaterThanOrEqualTo(held);
	}

	@Test
	void cancelFromAnotherThreadWaitsForTheTickUnderWay() throws Exception {
		cancellingWaitsForTheTickUnderWay(TimerSchedule.withFixedDelay(MINUTE, MINUTE), Timer::cancel, true);
	}

	@Test
	void cancelByNameFromAnotherThreadWaitsForASingleTickUnderWay() throws Exception {
		// the single tick ended its timer as it began: cancel finds it ended, and waits
		cancellingWaitsForTheTickUnderWay(TimerSchedule.once(MINUTE),
				(timer) -> latest("a").context.timers().cancel(timer.name()), false);
	}

	@Test
	void replacingATimerFromAnotherThreadWaitsForItsTickUnderWay() throws Exception {
		cancellingWaitsForTheTickUnderWay(TimerSchedule.atFixedRate(MINUTE, MINUTE),
				(timer) -> latest("a").start(timer.name(), TimerSchedule.once(MINUTE.multipliedBy(10))).isActive(),
				true);
	}

	@Test
	void ticksCancellingTheirOwnTimersDoNotWaitForThemselves() {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		List<Boolean> cancels = new CopyOnWriteArrayList<>();
		AtomicReference<Timer> byHandle = new AtomicReference<>();
		registry.ask("a", (actor) -> {
			byHandle.set(actor.start("handle", TimerSchedule.atFixedRate(MINUTE, MINUTE), () -> {
				actor.ticks.incrementAndGet();
				cancels.add(byHandle.get().cancel());
			}));
			actor.start("name", TimerSchedule.withFixedDelay(MINUTE, MINUTE), () -> {
				actor.ticks.incrementAndGet();
				cancels.add(actor.context.timers().cancel("name"));
			});
			// a single tick has ended its timer as it began, and may start its name again
			return actor.start("once", TimerSchedule.once(MINUTE), () -> {
				cancels.add(actor.context.timers().cancel("once"));
				actor.start("once", TimerSchedule.once(MINUTE.multipliedBy(2)));
			});
		}).join();
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(3);
		eventually().untilAsserted(() -> assertThat(cancels).containsExactlyInAnyOrder(true, true, false));
		assertThat(byHandle.get().isActive()).isFalse();
		assertThat(registry.ask("a", (actor) -> actor.context.timers().names()).join()).containsExactly("once");

		this.clock.advance(MINUTE.multipliedBy(2));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isOne();
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(3));
		assertThat(registry.ask("a", (actor) -> actor.context.timers().names()).join()).isEmpty();
	}

	@Test
	void cancelInterruptedWhileWaitingForATickSaysTheTimerIsCancelledAndKeepsTheInterrupt() throws Exception {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		Timer timer = startHeldTimer(registry, TimerSchedule.atFixedRate(MINUTE, MINUTE));
		var cancelled = this.executor.submit(() -> {
			Thread.currentThread().interrupt();
			try {
				timer.cancel();
				return null;
			}
			catch (ActorRegistryException ex) {
				return (Thread.currentThread().isInterrupted()) ? ex : null;
			}
		});
		ActorRegistryException refusal = cancelled.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(refusal).isNotNull()
			.hasMessageContaining("Registry 'clockwork'")
			.hasMessageContaining("actor 'a'")
			.hasMessageContaining("timer 't' is cancelled and no tick of it starts again")
			.hasMessageContaining("interrupted")
			.hasCauseInstanceOf(InterruptedException.class);
		assertThat(timer.isActive()).isFalse();
		this.release.countDown();
		this.clock.advance(MINUTE.multipliedBy(5));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		assertThat(registry.ask("a", (actor) -> actor.ticks.get()).join()).isOne();
	}

	/**
	 * A tick is under way, held by {@link #release}; another thread cancels its timer:
	 * the timer ends at once, but the call returns only after the tick ended.
	 */
	private void cancellingWaitsForTheTickUnderWay(TimerSchedule schedule, Function<Timer, Boolean> cancel,
			boolean expected) throws Exception {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		Timer timer = startHeldTimer(registry, schedule);
		AtomicReference<Thread> canceller = new AtomicReference<>();
		var cancelled = this.executor.submit(() -> {
			canceller.set(Thread.currentThread());
			return cancel.apply(timer);
		});
		eventually().until(() -> canceller.get() != null && canceller.get().getState() == Thread.State.TIMED_WAITING);
		assertThat(timer.isActive()).isFalse();
		assertThat(cancelled).isNotDone();
		Clockwork actor = latest("a");
		assertThat(actor.tickEnded).isFalse();

		this.release.countDown();
		assertThat(cancelled.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(expected);
		assertThat(actor.tickEnded).isTrue();
		this.clock.advance(MINUTE.multipliedBy(5));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		assertThat(registry.ask("a", (ignored) -> actor.ticks.get()).join()).isOne();
	}

	/** Start timer 't' on actor 'a', and return once its first tick is under way. */
	private Timer startHeldTimer(ActorRegistry<String, Clockwork> registry, TimerSchedule schedule)
			throws InterruptedException {
		CountDownLatch entered = new CountDownLatch(1);
		Timer timer = registry.ask("a", (actor) -> actor.start("t", schedule, () -> {
			actor.ticks.incrementAndGet();
			entered.countDown();
			awaitLatch(this.release);
			actor.tickEnded.set(true);
		})).join();
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isOne();
		assertThat(entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the tick began").isTrue();
		return timer;
	}

	@Test
	void timerDoesNotKeepItsActorFromIdlePassivationAndEndsWithIt() {
		ActorRegistry<String, Clockwork> registry = registry((builder) -> builder.idleTimeout(MINUTE.multipliedBy(10)));
		Timer timer = registry.ask("a", (actor) -> actor.start("t", TimerSchedule.atFixedRate(MINUTE, MINUTE))).join();
		for (int minute = 1; minute <= 10; minute++) {
			this.clock.advance(MINUTE);
			assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
			int expected = minute;
			eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(expected));
		}
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isEqualTo(1);
		eventually().until(() -> registry.whichChildren().isEmpty());
		assertThat(timer.isActive()).isFalse();

		this.clock.advance(MINUTE.multipliedBy(5));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		assertThat(registry.size()).isZero();
		assertThat(this.instances.get("a")).hasSize(1);
	}

	@Test
	void keepAliveTimerKeepsItsActorLive() {
		ActorRegistry<String, Clockwork> registry = registry((builder) -> builder.idleTimeout(MINUTE.multipliedBy(10)));
		registry.ask("a", (actor) -> actor.start("t", TimerSchedule.atFixedRate(MINUTE, MINUTE).keepingAlive())).join();
		for (int minute = 1; minute <= 30; minute++) {
			this.clock.advance(MINUTE);
			assertThat(RegistryTestKit.of(registry).fireDueTimers()).isEqualTo(1);
			int expected = minute;
			eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(expected));
			assertThat(RegistryTestKit.of(registry).passivateIdle()).isZero();
		}
		assertThat(registry.size()).isOne();
	}

	@Test
	void restartedActorLosesTheTimersOfItsFailedInstance() {
		ActorRegistry<String, Clockwork> registry = registry((builder) -> builder.failurePolicy(FailurePolicy.RESTART));
		Timer old = registry.ask("a", (actor) -> actor.start("t", TimerSchedule.atFixedRate(MINUTE, MINUTE))).join();
		assertThat(registry.ask("a", (actor) -> {
			throw new IllegalStateException("boom");
		})).failsWithin(TIMEOUT);
		eventually().untilAsserted(() -> assertThat(this.instances.get("a")).hasSize(2));
		assertThat(old.isActive()).isFalse();
		assertThat(registry.ask("a", (actor) -> actor.context.timers().names()).join()).isEmpty();
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
	}

	@Test
	void stoppedActorCannotStartATimer() {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		registry.lookupOrStart("a");
		Clockwork actor = latest("a");
		registry.stop("a").join();
		assertThatExceptionOfType(ActorStoppedException.class)
			.isThrownBy(() -> actor.start("late", TimerSchedule.once(MINUTE)))
			.withMessageContaining("Registry 'clockwork'")
			.withMessageContaining("actor 'a'")
			.withMessageContaining("timer 'late'");
	}

	@Test
	void drainingRegistryFiresNoTimer() {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		Timer timer = registry.ask("a", (actor) -> actor.start("t", TimerSchedule.atFixedRate(MINUTE, MINUTE))).join();
		registry.drain(TIMEOUT);
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isZero();
		assertThat(timer.isActive()).isFalse();
	}

	private Clockwork latest(String key) {
		List<Clockwork> created = this.instances.get(key);
		return created.get(created.size() - 1);
	}

	private ActorRegistry<String, Clockwork> registry(
			UnaryOperator<ActorRegistryBuilder<String, Clockwork>> customizer) {
		ActorRegistryBuilder<String, Clockwork> builder = ActorRegistry
			.builder("clockwork", String.class, (key, context) -> {
				Clockwork actor = new Clockwork(context);
				this.instances.computeIfAbsent(key, (k) -> new java.util.concurrent.CopyOnWriteArrayList<>())
					.add(actor);
				return actor;
			})
			.clock(this.clock)
			.executor(this.executor);
		ActorRegistry<String, Clockwork> registry = customizer.apply(builder).build();
		this.registries.add(registry);
		return registry;
	}

	/** One round of the cancel race: what its timer's ticks saw. */
	static final class RaceRound {

		/** Whether the tick holds until cancel is called. */
		final boolean held;

		volatile boolean cancelCalled;

		volatile boolean cancelReturned;

		final AtomicBoolean overlapped = new AtomicBoolean();

		final AtomicBoolean begunAfter = new AtomicBoolean();

		final AtomicBoolean runningAfter = new AtomicBoolean();

		private final AtomicInteger ticks = new AtomicInteger();

		RaceRound(boolean held) {
			this.held = held;
		}

		void tick() {
			if (this.cancelReturned) {
				this.begunAfter.set(true);
			}
			this.ticks.incrementAndGet();
			if (this.held) {
				spinUntil(() -> this.cancelCalled, "cancel was never called");
				// long enough for a cancel that does not wait to return
				for (int spins = 0; spins < 2_000 && !this.cancelReturned; spins++) {
					Thread.onSpinWait();
				}
			}
			if (this.cancelReturned) {
				this.runningAfter.set(true);
			}
			else if (this.cancelCalled) {
				this.overlapped.set(true);
			}
		}

		/** Spins rather than parks, to cancel soon after the tick began. */
		void awaitTick() {
			spinUntil(() -> this.ticks.get() > 0, "the timer never ticked");
		}

		private static void spinUntil(BooleanSupplier condition, String failure) {
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (!condition.getAsBoolean()) {
				if (System.nanoTime() - deadline > 0) {
					throw new AssertionError(failure);
				}
				// on one core, the thread awaited needs this one's
				Thread.yield();
			}
		}

	}

	/**
	 * An actor that counts its ticks and turns, and notices a turn that overlaps another.
	 */
	static final class Clockwork {

		final ActorContext<String> context;

		final AtomicInteger ticks = new AtomicInteger();

		final AtomicInteger turns = new AtomicInteger();

		final AtomicInteger overlaps = new AtomicInteger();

		final AtomicBoolean tickEnded = new AtomicBoolean();

		private final AtomicBoolean inTurn = new AtomicBoolean();

		Clockwork(ActorContext<String> context) {
			this.context = context;
		}

		Timer start(String name, TimerSchedule schedule) {
			return start(name, schedule, this.ticks::incrementAndGet);
		}

		Timer start(String name, TimerSchedule schedule, Runnable tick) {
			return this.context.timers().start(name, schedule, tick);
		}

		void turn() {
			if (!this.inTurn.compareAndSet(false, true)) {
				this.overlaps.incrementAndGet();
			}
			this.turns.incrementAndGet();
			this.inTurn.set(false);
		}

	}

}
