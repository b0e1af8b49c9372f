package dev.actorregistry.sample.account;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ChildInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interest paid by each account's durable reminder, over real HTTP, with a period of a
 * second and 10% a period so that a test sees it paid.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:interest-integration-tests", "sample.interest.period=1s",
				"sample.interest.basis-points=1000", "actors.reminders.poll-interval=100ms" })
@AutoConfigureRestTestClient
class InterestIntegrationTests {

	// Ticks come by the real clock, a second apart: each wait is for a tick to have paid,
	// and its deadline only guards against a hang, as a busy machine may run a tick late.
	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	@Autowired
	private RestTestClient client;

	@Autowired
	private ActorRegistry<String, Account> accounts;

	@Test
	void anOpenAccountIsPaidInterestEachPeriodEvenWhenPassivated() {
		this.client.post().uri("/accounts/{id}", "saver").exchange().expectStatus().isCreated();
		this.client.post()
			.uri("/accounts/{id}/deposits", "saver")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body("{\"amount\": 1000}")
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/actuator/actors/account/{id}", "saver")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"reminders": [{"name": "interest", "period": "PT1S", "missedTicks": "FIRE_ONCE"}]}
					""");

		// every balance 10% interest paid on whole periods can reach from 1000, rounded
		// down
		Set<Long> compounded = new HashSet<>();
		for (long balance = 1000; balance < Long.MAX_VALUE / 20 && compounded.size() < 200; balance += balance / 10) {
			compounded.add(balance);
		}
		long paid = awaitBalanceAbove(1000);
		assertThat(compounded).contains(paid);

		// passivated: nothing but the next tick starts it again (a lookup never does),
		// and
		// that tick pays
		var before = this.accounts.lookup("saver").orElseThrow();
		this.accounts.stop("saver").join();
		await().atMost(TIMEOUT)
			.alias("a tick to start the passivated account 'saver' again")
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.accounts.lookup("saver").filter((ref) -> ref != before).isPresent());
		long later = awaitBalanceAbove(paid);
		assertThat(compounded).contains(later);
	}

	@Test
	void interestStopsAtTheLargestBalanceWithoutFailingTheTick() {
		this.client.post().uri("/accounts/{id}", "whale").exchange().expectStatus().isCreated();
		// 10% of this is past the largest balance, and balance × basis points past a long
		this.client.post()
			.uri("/accounts/{id}/deposits", "whale")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body("{\"amount\": " + (Long.MAX_VALUE - 5) + "}")
			.exchange()
			.expectStatus()
			.isOk();
		await().atMost(TIMEOUT)
			.alias("interest to take the balance of 'whale' to the largest one")
			.pollInterval(Duration.ofMillis(50))
			.until(() -> balance("whale"), (now) -> now == Long.MAX_VALUE);
		assertThat(this.accounts.child("whale").map(ChildInfo::failures)).contains(0L);
	}

	@Test
	void anAccountThatIsNotOpenHasNoInterestReminder() {
		this.client.get().uri("/accounts/{id}", "nobody").exchange().expectStatus().isNotFound();
		assertThat(this.accounts.reminders().list("nobody")).isEmpty();
	}

	private long awaitBalanceAbove(long balance) {
		return await().atMost(TIMEOUT)
			.alias("interest to raise the balance of 'saver' above " + balance)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> balance("saver"), (now) -> now > balance);
	}

	private long balance(String id) {
		AccountView view = this.client.get()
			.uri("/accounts/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AccountView.class)
			.returnResult()
			.getResponseBody();
		return view.balance();
	}

}
