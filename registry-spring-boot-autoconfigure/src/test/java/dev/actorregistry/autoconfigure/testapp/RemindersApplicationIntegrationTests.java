package dev.actorregistry.autoconfigure.testapp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.Topics;
import dev.actorregistry.autoconfigure.testapp.RemindersTestApplication.AlarmActor;
import dev.actorregistry.autoconfigure.testapp.RemindersTestApplication.Announcer;
import dev.actorregistry.autoconfigure.testapp.RemindersTestApplication.Wakeups;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application end to end: its own code publishes on the injected topics and reaches
 * live actors; a declared subscription starts the actor it names; an actor registers a
 * durable reminder through its context, is passivated, and is started again by the tick.
 */
@RemindersApplicationTest
class RemindersApplicationIntegrationTests {

	@Autowired
	private ActorRegistry<String, AlarmActor> alarms;

	@Autowired
	private Announcer announcer;

	@Autowired
	private Wakeups wakeups;

	@Autowired
	private ManualClock clock;

	@Autowired
	private ActorRegistries registries;

	@Autowired
	private Topics topics;

	// The tests of this class share one context: each starts with no live alarm.
	@BeforeEach
	void stopEveryAlarm() {
		this.alarms.whichChildren().forEach((child) -> this.alarms.stop(child.key()).join());
		assertThat(this.alarms.size()).isZero();
	}

	@Test
	void applicationCodePublishesToLiveActorsAndToTheKeysASubscriptionActivates() {
		assertThat(this.alarms.topics()).isSameAs(this.topics);
		this.alarms.ask("kitchen", (alarm) -> alarm).join();
		assertThat(this.announcer.announce("lunch")).isEqualTo(1);
		Waits.eventually().until(() -> this.wakeups.events().contains("kitchen:heard lunch"));

		assertThat(this.alarms.lookup("house")).isEmpty();
		// the live kitchen alarm, and the house alarm started for it
		assertThat(this.announcer.drill(1)).isEqualTo(2);
		Waits.eventually().until(() -> this.wakeups.events().containsAll(List.of("kitchen:drill 1", "house:drill 1")));
		assertThat(this.alarms.lookup("house")).isPresent();
	}

	@Test
	void aReminderAnActorRegisteredStartsItAgainAfterItWasPassivated() {
		Instant firstAt = this.clock.instant().plus(Duration.ofHours(1));
		this.alarms.ask("bedroom", (alarm) -> alarm.setAlarm("wake", firstAt, Duration.ofDays(1))).join();
		this.alarms.stop("bedroom").join();
		assertThat(this.alarms.lookup("bedroom")).isEmpty();

		// as README's "Testing actors" shows it for a Spring Boot test
		RegistryTestKit kit = RegistryTestKit.of(this.clock, this.registries.registries());
		assertThat(kit.advance(Duration.ofHours(1)).reminderTicks()).isOne();
		kit.awaitQuiet();
		assertThat(this.wakeups.events()).contains("bedroom:ring wake#0");
		assertThat(this.alarms.lookup("bedroom")).isPresent();
		Waits.eventually()
			.until(() -> this.alarms.reminders()
				.list("bedroom")
				.get(0)
				.dueAt()
				.equals(firstAt.plus(Duration.ofDays(1))));
	}

}
