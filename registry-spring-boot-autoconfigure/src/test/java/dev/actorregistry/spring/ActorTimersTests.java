package dev.actorregistry.spring;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.TimerSchedule;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code @Actor} starts timers through its injected {@link ActorContext}; they tick by
 * the application's {@link dev.actorregistry.RegistryClock RegistryClock} bean, as turns
 * of the actor, and end when it stops.
 */
class ActorTimersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class))
		.withUserConfiguration(Clock.class, Heartbeat.class);

	@Test
	void aTimerStartedInTheConstructorTicksByTheClockBeanUntilTheActorStops() {
		this.runner.run((context) -> {
			@SuppressWarnings("unchecked")
			ActorRegistry<String, Heartbeat> hearts = (ActorRegistry<String, Heartbeat>) context
				.getBean(ActorRegistries.class)
				.get("heartbeat");
			ManualClock clock = context.getBean(ManualClock.class);
			Heartbeat heart = hearts.ask("h1", (actor) -> actor).join();
			assertThat(RegistryTestKit.of(hearts).fireDueTimers()).isZero();
			assertThat(heart.beats).isEmpty();

			clock.advance(Duration.ofSeconds(1));
			// the registry's own scheduler may fire the tick first: either way, one beat
			Waits.eventually().untilAsserted(() -> {
				RegistryTestKit.of(hearts).fireDueTimers();
				assertThat(heart.beats).containsExactly("h1");
			});
			clock.advance(Duration.ofSeconds(1));
			Waits.eventually().untilAsserted(() -> {
				RegistryTestKit.of(hearts).fireDueTimers();
				assertThat(heart.beats).containsExactly("h1", "h1");
			});
			assertThat(hearts.ask("h1", (actor) -> actor.timerNames()).join()).containsExactly("beat");

			hearts.stop("h1").join();
			clock.advance(Duration.ofSeconds(5));
			assertThat(RegistryTestKit.of(hearts).fireDueTimers()).isZero();
			assertThat(heart.beats).hasSize(2);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Clock {

		@Bean
		ManualClock registryClock() {
			return new ManualClock();
		}

	}

	@Actor
	static class Heartbeat {

		final List<String> beats = new CopyOnWriteArrayList<>();

		private final ActorContext<String> context;

		Heartbeat(ActorContext<String> context) {
			this.context = context;
			context.timers()
				.start("beat", TimerSchedule.atFixedRate(Duration.ofSeconds(1), Duration.ofSeconds(1)),
						() -> this.beats.add(context.key()));
		}

		java.util.Set<String> timerNames() {
			return this.context.timers().names();
		}

	}

}
