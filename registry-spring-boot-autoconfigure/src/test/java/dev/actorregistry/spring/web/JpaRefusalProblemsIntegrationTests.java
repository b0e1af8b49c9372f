package dev.actorregistry.spring.web;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.PersistentCounter;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.spring.Actor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the JPA state store on H2: a save that fails in the database answers 503 whose
 * body holds none of the database's error text, and the longest key the store keeps is
 * its column's length, 1000 characters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "actors.registries.wallet.persistence.write-through=true" })
@AutoConfigureWebTestClient
@DirtiesContext
class JpaRefusalProblemsIntegrationTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private StateStore store;

	@Test
	void aSaveThatFailsInTheDatabaseIsServiceUnavailableWithoutTheDatabasesText() {
		this.client.post().uri("/wallets/w").exchange().expectStatus().isOk();
		this.jdbc.execute("ALTER TABLE actor_state RENAME TO actor_state_away");
		byte[] body;
		try {
			body = this.client.post()
				.uri("/wallets/w")
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo(Refusal.STATE_STORE_UNAVAILABLE.title())
				.returnResult()
				.getResponseBodyContent();
		}
		finally {
			this.jdbc.execute("ALTER TABLE actor_state_away RENAME TO actor_state");
		}
		assertThat(body).isNotNull();
		assertThat(new String(body, StandardCharsets.UTF_8).toLowerCase()).doesNotContain("actor_state", "sql", "table",
				"h2", "jdbc", "hibernate", "exception");
	}

	@Test
	void theLongestKeyIsTheLengthOfTheStoresColumn() {
		assertThat(this.store.maxKeyLength()).isEqualTo(1000);
		this.client.post().uri("/wallets/" + "k".repeat(1001)).exchange().expectStatus().isBadRequest();
		this.client.post().uri("/wallets/" + "k".repeat(1000)).exchange().expectStatus().isOk();
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM actor_state WHERE registry = 'wallet' AND LENGTH(actor_key) = 1000",
				Integer.class))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM actor_state WHERE registry = 'wallet' AND LENGTH(actor_key) > 1000",
				Integer.class))
			.isZero();
	}

	// no component scan: it would reach other tests' applications in sub-packages
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ Wallet.class, WalletController.class })
	static class WalletApplication {

	}

	@Actor("wallet")
	static class Wallet extends PersistentCounter {

	}

	@RestController
	static class WalletController {

		private final ActorRegistry<String, Wallet> wallets;

		WalletController(ActorRegistry<String, Wallet> wallets) {
			this.wallets = wallets;
		}

		@PostMapping("/wallets/{id}")
		CompletableFuture<Long> add(@PathVariable String id) {
			return this.wallets.ask(id, Wallet::increment);
		}

	}

}
