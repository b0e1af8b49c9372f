package dev.actorregistry.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.Timer;
import dev.actorregistry.TimerSchedule;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.awaitLatch;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling a timer from another thread waits for its tick under way, up to a deadline.
 * Here the registry's wait is shortened, and the tick is held past it by a latch, so the
 * deadline surely passes without the test waiting the default 30 seconds.
 */
class TimerCancelDeadlineTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final ManualClock clock = new ManualClock();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final CountDownLatch release = new CountDownLatch(1);

	private ActorRegistry<String, ActorContext<String>> registry;

	@AfterEach
	void cleanUp() {
		this.release.countDown();
		if (this.registry != null) {
			this.registry.drain(TIMEOUT);
		}
		this.executor.shutdownNow();
	}

	@Test
	void cancelOutwaitedByATickThrowsSayingTheTimerIsCancelledAndNoTickBeginsAgain() throws Exception {
		this.registry = ActorRegistry.builder("deadline", String.class, (key, context) -> context)
			.clock(this.clock)
			.executor(this.executor)
			.build();
		((DefaultActorRegistry<?, ?>) this.registry).timerQueue.cancelWait(Duration.ofMillis(1));
		AtomicInteger ticks = new AtomicInteger();
		CountDownLatch entered = new CountDownLatch(1);
		Timer timer = this.registry
			.ask("a", (context) -> context.timers().start("slow", TimerSchedule.withFixedDelay(MINUTE, MINUTE), () -> {
				ticks.incrementAndGet();
				entered.countDown();
				awaitLatch(this.release);
			}))
			.join();
		this.clock.advance(MINUTE);
		assertThat(RegistryTestKit.of(this.registry).fireDueTimers()).isOne();
		assertThat(entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the tick began").isTrue();

		Throwable failure = failureOf(this.executor.submit(timer::cancel));
		assertThat(failure).isInstanceOf(ActorRegistryException.class)
			.hasMessageContaining("Registry 'deadline'")
			.hasMessageContaining("actor 'a'")
			.hasMessageContaining("timer 'slow' is cancelled and no tick of it starts again")
			.hasMessageContaining("did not end within 1 ms of cancelling it");
		assertThat(((ActorRegistryException) failure).key()).isEqualTo("a");
		assertThat(timer.isActive()).isFalse();

		this.release.countDown();
		this.clock.advance(MINUTE.multipliedBy(5));
		assertThat(RegistryTestKit.of(this.registry).fireDueTimers()).isZero();
		assertThat(this.registry.ask("a", (context) -> context.timers().names()).join()).isEmpty();
		assertThat(ticks).hasValue(1);
	}

}
