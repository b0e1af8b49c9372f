package dev.actorregistry.sample.account;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.actorregistry.ActorRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous requests for ids nobody opened cannot grow memory without bound: the account
 * registry keeps at most its working set bound of live actors, and an account that found
 * nothing stored and changed nothing leaves without a write. The bound is set low here so
 * a thousand requests cross it many times over; by default it comes from the heap.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:working-set-integration-tests",
				"actors.registries.account.max-active=64" })
@AutoConfigureRestTestClient
class WorkingSetIntegrationTests {

	private static final int LIMIT = 64;

	private static final int STRANGERS = 400;

	@Autowired
	private RestTestClient client;

	@Autowired
	private ActorRegistry<String, Account> accounts;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void requestsForIdsNobodyOpenedKeepTheLiveAccountsWithinTheBoundAndWriteNothing() {
		double evictedBefore = evicted();
		for (int i = 0; i < STRANGERS; i++) {
			this.client.get().uri("/accounts/{id}", "stranger-" + i).exchange().expectStatus().isNotFound();
			assertThat(this.accounts.size()).as("live accounts after %d strangers", i + 1).isLessThanOrEqualTo(LIMIT);
		}

		assertThat(this.meters.get("actors.active.limit").tag("registry", "account").gauge().value()).isEqualTo(LIMIT);
		assertThat(evicted() - evictedBefore).isGreaterThanOrEqualTo(STRANGERS - LIMIT);
		assertThat(this.jdbc.queryForObject("select count(*) from actor_state where actor_key like 'stranger-%'",
				Integer.class))
			.isZero();
	}

	private double evicted() {
		return this.meters.get("actors.passivations")
			.tag("registry", "account")
			.tag("reason", "evicted")
			.counter()
			.count();
	}

}
