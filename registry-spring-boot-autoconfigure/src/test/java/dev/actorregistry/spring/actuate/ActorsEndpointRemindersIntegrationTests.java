package dev.actorregistry.spring.actuate;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.autoconfigure.testapp.RemindersApplicationTest;
import dev.actorregistry.autoconfigure.testapp.RemindersTestApplication.AlarmActor;
import dev.actorregistry.reminder.MissedTickPolicy;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code actors} endpoint of an application with a reminder store, over real HTTP:
 * the registry says its reminders are on, and the detail of one actor lists its reminders
 * as the store keeps them, whether the actor is live or not.
 */
@RemindersApplicationTest
class ActorsEndpointRemindersIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private ActorRegistry<String, AlarmActor> alarms;

	@Autowired
	private ManualClock clock;

	// The tests of this class share one context: each starts with no live alarm.
	@BeforeEach
	void stopEveryAlarm() {
		this.alarms.whichChildren().forEach((child) -> this.alarms.stop(child.key()).join());
	}

	@Test
	void theRegistrySaysItsRemindersAreOn() {
		this.client.get()
			.uri("/actuator/actors")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.registries.alarms.settings.reminders")
			.isEqualTo(true);
	}

	@Test
	void theDetailOfAnActorListsItsRemindersByName() {
		Instant wakeAt = this.clock.instant().plus(Duration.ofHours(7));
		Instant teaAt = this.clock.instant().plus(Duration.ofMinutes(30));
		this.alarms.ask("alice", (alarm) -> alarm.setAlarm("wake", wakeAt, Duration.ofDays(1))).join();
		this.alarms.reminders().register("alice", Reminder.once("tea", teaAt).withMissedTicks(MissedTickPolicy.SKIP));
		this.client.get()
			.uri("/actuator/actors/alarms/alice")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"key": "alice", "status": "ACTIVE",
					 "reminders": [
					   {"name": "tea", "nextDueAt": "%s", "missedTicks": "SKIP"},
					   {"name": "wake", "nextDueAt": "%s", "period": "PT24H", "missedTicks": "FIRE_ONCE"}
					 ]}
					""".formatted(teaAt, wakeAt))
			// a one-shot reminder has no period
			.jsonPath("$.reminders[0].period")
			.doesNotHaveJsonPath();
	}

	@Test
	void theDetailShowsWhenTheNextTickIsDueOnceOneFired() {
		Instant firstAt = this.clock.instant().plus(Duration.ofMinutes(1));
		this.alarms.ask("bob", (alarm) -> alarm.setAlarm("stretch", firstAt, Duration.ofHours(1))).join();
		this.clock.advance(Duration.ofMinutes(1));
		RegistryTestKit.of(this.alarms).fireDueReminders();
		Instant nextAt = firstAt.plus(Duration.ofHours(1));
		Waits.eventually().until(() -> this.alarms.reminders().list("bob").get(0).dueAt().equals(nextAt));
		this.client.get()
			.uri("/actuator/actors/alarms/bob")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.reminders[0].name")
			.isEqualTo("stretch")
			.jsonPath("$.reminders[0].nextDueAt")
			.isEqualTo(nextAt.toString());
	}

	@Test
	void anActorWithoutRemindersListsNone() {
		this.alarms.ask("carol", (alarm) -> alarm).join();
		this.client.get()
			.uri("/actuator/actors/alarms/carol")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.reminders")
			.isEmpty();
	}

	@Test
	void theListOfActorsCarriesNoReminders() {
		this.alarms
			.ask("dave",
					(alarm) -> alarm.setAlarm("run", this.clock.instant().plus(Duration.ofDays(1)), Duration.ofDays(1)))
			.join();
		this.client.get()
			.uri("/actuator/actors/alarms")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.actors[0].key")
			.isEqualTo("dave")
			.jsonPath("$.actors[0].reminders")
			.doesNotHaveJsonPath();
	}

	@Test
	void anActorThatIsNotLiveIsShownForItsRemindersWithoutBeingStarted() {
		Instant wakeAt = this.clock.instant().plus(Duration.ofHours(3));
		this.alarms.reminders().register("erin", Reminder.every("wake", wakeAt, Duration.ofDays(1)));
		this.client.get()
			.uri("/actuator/actors/alarms/erin")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"key": "erin", "status": "STOPPED",
					 "reminders": [{"name": "wake", "nextDueAt": "%s", "period": "PT24H", "missedTicks": "FIRE_ONCE"}]}
					""".formatted(wakeAt))
			// none of the figures of a live actor
			.jsonPath("$.startedAt")
			.doesNotHaveJsonPath()
			.jsonPath("$.processed")
			.doesNotHaveJsonPath();
		assertThat(this.alarms.lookup("erin")).isEmpty();
		// the tests share the store
		this.alarms.reminders().cancel("erin", "wake");
	}

	@Test
	void anActorThatIsNotLiveAndHasNoRemindersIsNotFound() {
		this.alarms.reminders().register("frank", Reminder.once("nap", this.clock.instant().plus(Duration.ofHours(1))));
		this.alarms.reminders().cancel("frank", "nap");
		this.client.get().uri("/actuator/actors/alarms/frank").exchange().expectStatus().isNotFound();
		assertThat(this.alarms.lookup("frank")).isEmpty();
	}

}
