package dev.actorregistry.spring;

import java.time.Instant;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.spring.DurableSendsBeansTests.Payers;
import dev.actorregistry.spring.DurableSendsBeansTests.WalletId;
import dev.actorregistry.spring.DurableSendsBeansTests.Wallets;
import dev.actorregistry.test.FlakyStateStore;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durable sends seen from outside, over real HTTP: the meters of each registry in
 * {@code /actuator/metrics}, and an actor's pending sends in
 * {@code /actuator/actors/{registry}/{key}}. A store that refuses the receivers' saves on
 * demand keeps sends pending and makes deliveries fail, as a database outage would.
 */
@SpringBootTest(classes = DurableSendsIntegrationTests.DurableSendsApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=actors,metrics",
				"management.endpoint.actors.show-keys=always", "actors.persistence.write-through=true" })
@AutoConfigureRestTestClient
class DurableSendsIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private ActorClient<String, Payers> payers;

	@Autowired
	private ActorClient<WalletId, Wallets> wallets;

	@Autowired
	private FlakyStateStore store;

	@Test
	void sendsAndTheirDeliveriesAreCountedPerRegistryAndOutcome() {
		double sent = counter("actors.durable.sent", "payer", null, null);
		double applied = counter("actors.durable.delivered", "payer", "outcome", "applied");
		double refused = counter("actors.durable.delivered", "payer", "outcome", "refused");
		double refusalsSent = counter("actors.durable.sent", "wallet", null, null);
		this.payers.get("meters").pay(new WalletId("m-alice"), 30);
		this.payers.get("meters").pay(new WalletId("m-bob"), 500);
		await().atMost(Waits.TIMEOUT)
			.until(() -> counter("actors.durable.delivered", "payer", "outcome", "refused") == refused + 1);
		await().atMost(Waits.TIMEOUT)
			.until(() -> counter("actors.durable.delivered", "payer", "outcome", "applied") == applied + 1);
		assertThat(counter("actors.durable.sent", "payer", null, null)).isEqualTo(sent + 2);
		// the refusal goes back to the payer as a send of the wallet's
		await().atMost(Waits.TIMEOUT)
			.until(() -> counter("actors.durable.delivered", "wallet", "outcome", "applied") >= 1);
		assertThat(counter("actors.durable.sent", "wallet", null, null)).isEqualTo(refusalsSent + 1);
	}

	@Test
	void aSendItsReceiverCannotSaveIsShownPendingAndCountedFailedThenRedelivered() {
		double failed = counter("actors.durable.failed", "payer", null, null);
		double redelivered = counter("actors.durable.redelivered", "payer", null, null);
		this.store.refuseSaves((registry, key) -> registry.equals("wallet"));
		try {
			this.payers.get("pending").pay(new WalletId("p-carol"), 20);
			await().atMost(Waits.TIMEOUT).until(() -> counter("actors.durable.failed", "payer", null, null) > failed);
			String json = this.client.get()
				.uri("/actuator/actors/payer/pending")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(JsonPath.<List<String>>read(json, "$.pendingSends[*].receiver"))
				.containsExactly("wallet/p-carol");
			assertThat(JsonPath.<List<String>>read(json, "$.pendingSends[*].operation"))
				.containsExactly("Wallets.credit");
			assertThat(JsonPath.<List<Boolean>>read(json, "$.pendingSends[*].refusal")).containsExactly(false);
			String id = JsonPath.<List<String>>read(json, "$.pendingSends[*].id").get(0);
			assertThat(this.store.outbox("payer", "pending")).extracting(DurableSend::id).containsExactly(id);
			Instant sentAt = Instant.parse(JsonPath.<List<String>>read(json, "$.pendingSends[*].sentAt").get(0));
			assertThat(sentAt).isEqualTo(this.store.outbox("payer", "pending").get(0).sentAt());
		}
		finally {
			this.store.refuseSaves((registry, key) -> false);
		}
		await().atMost(Waits.TIMEOUT).until(() -> this.wallets.get(new WalletId("p-carol")).credits() == 20);
		await().atMost(Waits.TIMEOUT)
			.until(() -> counter("actors.durable.redelivered", "payer", null, null) == redelivered + 1);
		this.client.get()
			.uri("/actuator/actors/payer/pending")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.pendingSends")
			.isEmpty();
		this.client.get()
			.uri("/actuator/actors")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.registries.payer.settings.durableSends")
			.isEqualTo(true);
	}

	@Test
	void aSendDeliveredAgainAfterItsReceiverAppliedItIsCountedDeduplicatedAndAppliedOnce() {
		double deduplicated = counter("actors.durable.deduplicated", "payer", null, null);
		double duplicates = counter("actors.durable.delivered", "payer", "outcome", "duplicate");
		// the receiver applies the send, but the sender cannot record its delivery once:
		// it delivers again, and the receiver answers from its record
		this.store.failNextDelivered();
		this.payers.get("dedup").pay(new WalletId("d-dave"), 40);
		await().atMost(Waits.TIMEOUT)
			.until(() -> counter("actors.durable.deduplicated", "payer", null, null) == deduplicated + 1);
		assertThat(counter("actors.durable.delivered", "payer", "outcome", "duplicate")).isEqualTo(duplicates + 1);
		assertThat(this.wallets.get(new WalletId("d-dave")).credits()).isEqualTo(40);
	}

	private double counter(String meter, String registry, String tag, String value) {
		String uri = "/actuator/metrics/" + meter + "?tag=registry:" + registry
				+ ((tag != null) ? "&tag=" + tag + ":" + value : "");
		String json = this.client.get().uri(uri).exchange().returnResult(String.class).getResponseBody();
		if (json == null || !json.contains("measurements")) {
			return 0; // not registered yet: nothing counted
		}
		List<Number> values = JsonPath.read(json, "$.measurements[?(@.statistic == 'COUNT')].value");
		return values.get(0).doubleValue();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration(exclude = { DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class })
	@TestComponent
	@Import({ DurableSendsBeansTests.PayerActor.class, DurableSendsBeansTests.WalletActor.class })
	static class DurableSendsApplication {

		@Bean
		FlakyStateStore stateStore() {
			return new FlakyStateStore();
		}

	}

}
