package dev.actorregistry.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.Timer;
import dev.actorregistry.TimerSchedule;
import dev.actorregistry.test.ManualClock;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry's timer queue on its own: a queue read by a {@link ManualClock}, with its
 * own scheduler, holding the timers of one real actor. The scheduler's due times are in
 * minutes of real time, so no wake-up fires during a test: the test fires the due timers
 * itself, as the wake-up would.
 */
class TimerQueueTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final ManualClock clock = new ManualClock();

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final TimerQueue queue = new TimerQueue("timers", this.clock, this.scheduler);

	private final List<String> ticks = new ArrayList<>();

	private ActorRegistry<String, List<String>> registry;

	private ActorTimers timers;

	@BeforeEach
	void startOneActor() {
		// a wake-up moved earlier cancels the later one: gone from the queue at once
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.registry = ActorRegistry.builder("timers", String.class, (key, context) -> this.ticks).build();
		this.timers = new ActorTimers((Activation<?, ?>) this.registry.lookupOrStart("a"), this.queue);
	}

	@AfterEach
	void stop() {
		this.registry.drain(TIMEOUT);
		this.scheduler.shutdownNow();
	}

	@Test
	void manyTimersHoldOneWakeUpForTheEarliest() {
		start("five", TimerSchedule.once(MINUTE.multipliedBy(5)));
		start("three", TimerSchedule.once(MINUTE.multipliedBy(3)));
		start("nine", TimerSchedule.once(MINUTE.multipliedBy(9)));
		assertThat(this.scheduler.getQueue()).singleElement()
			.extracting((wakeUp) -> ((Delayed) wakeUp).getDelay(TimeUnit.SECONDS))
			.satisfies((seconds) -> assertThat(seconds).isBetween(120L, 180L));
	}

	@Test
	void firingDueTimersFiresOnlyThoseDueEarliestFirstAndWakesUpForTheNext() {
		start("second", TimerSchedule.once(MINUTE.multipliedBy(2)));
		start("third", TimerSchedule.once(MINUTE.multipliedBy(3)));
		start("first", TimerSchedule.once(MINUTE));
		this.clock.advance(MINUTE.multipliedBy(2));
		assertThat(this.queue.fireDue()).isEqualTo(2);
		assertThat(ticksSoFar()).containsExactly("first", "second");
		assertThat(this.scheduler.getQueue()).as("the wake-up for 'first' is cancelled, not left to fire")
			.singleElement()
			.extracting((wakeUp) -> ((Delayed) wakeUp).getDelay(TimeUnit.SECONDS))
			.satisfies((seconds) -> assertThat(seconds).isBetween(0L, 60L));
		this.clock.advance(MINUTE);
		assertThat(this.queue.fireDue()).isOne();
		assertThat(ticksSoFar()).containsExactly("first", "second", "third");
		assertThat(this.scheduler.getQueue()).as("no timer left, no wake-up").isEmpty();
	}

	@Test
	void aTimerFiresNotBeforeItsDueTime() {
		start("later", TimerSchedule.once(MINUTE));
		this.clock.advance(MINUTE.minusNanos(1));
		assertThat(this.queue.fireDue()).isZero();
		this.clock.advance(Duration.ofNanos(1));
		// Due now. The call above scheduled a wake-up one nanosecond of real time later,
		// which may fire it before this call does: either fires it, once.
		this.queue.fireDue();
		eventually().until(this::ticksSoFar, (ticks) -> !ticks.isEmpty());
		assertThat(ticksSoFar()).containsExactly("later");
	}

	@Test
	void aFixedDelayTimerIsQueuedAgainAfterItsTick() {
		start("repeat", TimerSchedule.withFixedDelay(MINUTE, MINUTE));
		for (int round = 1; round <= 3; round++) {
			this.clock.advance(MINUTE);
			assertThat(this.queue.fireDue()).isOne();
			assertThat(ticksSoFar()).hasSize(round);
		}
	}

	@Test
	void aCancelledTimerIsDroppedAtItsDueTimeUnfired() {
		Timer cancelled = start("cancelled", TimerSchedule.once(MINUTE));
		start("kept", TimerSchedule.once(MINUTE));
		assertThat(cancelled.cancel()).isTrue();
		this.clock.advance(MINUTE);
		assertThat(this.queue.fireDue()).isOne();
		assertThat(ticksSoFar()).containsExactly("kept");
	}

	@Test
	void stoppingEndsEveryTimerAndItsWakeUpAndEndsTimersAddedLater() {
		Timer first = start("first", TimerSchedule.once(MINUTE));
		Timer periodic = start("periodic", TimerSchedule.atFixedRate(MINUTE, MINUTE));
		this.queue.stop();
		assertThat(first.isActive()).isFalse();
		assertThat(periodic.isActive()).isFalse();
		assertThat(this.scheduler.getQueue()).isEmpty();
		Timer late = start("late", TimerSchedule.once(MINUTE));
		assertThat(late.isActive()).isFalse();
		this.clock.advance(MINUTE.multipliedBy(2));
		assertThat(this.queue.fireDue()).isZero();
		assertThat(ticksSoFar()).isEmpty();
	}

	private Timer start(String name, TimerSchedule schedule) {
		return start(name, schedule, () -> this.ticks.add(name));
	}

	private Timer start(String name, TimerSchedule schedule, Runnable tick) {
		return this.timers.start(name, schedule, tick);
	}

	/**
	 * The ticks run so far, read on the actor's turn: ticks fired before are ahead of it
	 * in the mailbox.
	 */
	private List<String> ticksSoFar() {
		return this.registry.ask("a", List::copyOf).join();
	}

}
