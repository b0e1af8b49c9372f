package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.actorregistry.Waits.TIMEOUT;
import static dev.actorregistry.Waits.blockOn;
import static dev.actorregistry.Waits.eventually;
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
		assertThat(registry.fireDueTimers()).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(registry.fireDueTimers()).isEqualTo(1);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(1));
		assertThat(timer.isActive()).isFalse();
		assertThat(registry.ask("a", (actor) -> actor.context.timers().names()).join()).isEmpty();

		this.clock.advance(MINUTE.multipliedBy(10));
		assertThat(registry.fireDueTimers()).isZero();
		assertThat(registry.ask("a", (actor) -> actor.ticks.get()).join()).isEqualTo(1);
	}

	@Test
	void fixedRateTicksEveryPeriodAndNeverQueuesASecondTick() throws Exception {
		ActorRegistry<String, Clockwork> registry = registry(UnaryOperator.identity());
		ActorRef<String, Clockwork> ref = registry.lookupOrStart("a");
		ref.ask((actor) -> actor.start("rate", TimerSchedule.atFixedRate(MINUTE, MINUTE))).join();
		for (int tick = 1; tick <= 3; tick++) {
			this.clock.advance(MINUTE);
			assertThat(registry.fireDueTimers()).isEqualTo(1);
			int expected = tick;
			eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(expected));
		}

		// the actor is busy: one tick waits for it, later ones are not queued behind it
		CountDownLatch busy = new CountDownLatch(1);
		var blocked = blockOn(ref, busy, (actor) -> actor.ticks.get());
		this.clock.advance(MINUTE);
		assertThat(registry.fireDueTimers()).isEqualTo(1);
		for (int i = 0; i < 5; i++) {
			this.clock.advance(MINUTE);
			assertThat(registry.fireDueTimers()).isZero();
		}
		busy.countDown();
		assertThat(blocked.get()).isEqualTo(3);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(4));
		// and it keeps its rate afterwards
		this.clock.advance(MINUTE);
		assertThat(registry.fireDueTimers()).isEqualTo(1);
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
		assertThat(registry.fireDueTimers()).isEqualTo(1);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(1));

		this.clock.advance(MINUTE.minusSeconds(1));
		assertThat(registry.fireDueTimers()).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(registry.fireDueTimers()).isEqualTo(1);
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
		assertThat(registry.fireDueTimers()).isEqualTo(2);
		assertThat(byHandle.cancel()).isTrue();
		assertThat(latest("a").context.timers().cancel("name")).isTrue();
		assertThat(byHandle.cancel()).isFalse();
		assertThat(latest("a").context.timers().cancel("name")).isFalse();
		busy.countDown();
		assertThat(blocked.get()).isZero();

		this.clock.advance(MINUTE.multipliedBy(5));
		assertThat(registry.fireDueTimers()).isZero();
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
		assertThat(registry.fireDueTimers()).isEqualTo(1);
		eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(1));
		this.clock.advance(MINUTE);
		assertThat(registry.fireDueTimers()).isZero();
		this.clock.advance(MINUTE);
		assertThat(registry.fireDueTimers()).isEqualTo(1);
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
				registry.fireDueTimers();
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

	@Test
	void timerDoesNotKeepItsActorFromIdlePassivationAndEndsWithIt() {
		ActorRegistry<String, Clockwork> registry = registry((builder) -> builder.idleTimeout(MINUTE.multipliedBy(10)));
		Timer timer = registry.ask("a", (actor) -> actor.start("t", TimerSchedule.atFixedRate(MINUTE, MINUTE))).join();
		for (int minute = 1; minute <= 10; minute++) {
			this.clock.advance(MINUTE);
			assertThat(registry.fireDueTimers()).isEqualTo(1);
			int expected = minute;
			eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(expected));
		}
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(registry.passivateIdle()).isEqualTo(1);
		eventually().until(() -> registry.whichChildren().isEmpty());
		assertThat(timer.isActive()).isFalse();

		this.clock.advance(MINUTE.multipliedBy(5));
		assertThat(registry.fireDueTimers()).isZero();
		assertThat(registry.size()).isZero();
		assertThat(this.instances.get("a")).hasSize(1);
	}

	@Test
	void keepAliveTimerKeepsItsActorLive() {
		ActorRegistry<String, Clockwork> registry = registry((builder) -> builder.idleTimeout(MINUTE.multipliedBy(10)));
		registry.ask("a", (actor) -> actor.start("t", TimerSchedule.atFixedRate(MINUTE, MINUTE).keepingAlive())).join();
		for (int minute = 1; minute <= 30; minute++) {
			this.clock.advance(MINUTE);
			assertThat(registry.fireDueTimers()).isEqualTo(1);
			int expected = minute;
			eventually().untilAsserted(() -> assertThat(latest("a").ticks).hasValue(expected));
			assertThat(registry.passivateIdle()).isZero();
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
		assertThat(registry.fireDueTimers()).isZero();
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
		assertThat(registry.fireDueTimers()).isZero();
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

	/**
	 * An actor that counts its ticks and turns, and notices a turn that overlaps another.
	 */
	static final class Clockwork {

		final ActorContext<String> context;

		final AtomicInteger ticks = new AtomicInteger();

		final AtomicInteger turns = new AtomicInteger();

		final AtomicInteger overlaps = new AtomicInteger();

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
