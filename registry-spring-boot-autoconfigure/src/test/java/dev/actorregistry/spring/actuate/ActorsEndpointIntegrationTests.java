package dev.actorregistry.spring.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.autoconfigure.testapp.ActorsApplicationTest;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.AccountActor;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.CounterActor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every route of the {@code actors} endpoint over real HTTP, with its status codes.
 */
@ActorsApplicationTest
class ActorsEndpointIntegrationTests {

	/**
	 * Keys a hash map holds in another order than their sorted one (kilo, mike, papa,
	 * alpha, echo, zulu), so only sorting lists them in order.
	 */
	private static final List<String> UNSORTED_KEYS = List.of("papa", "alpha", "zulu", "mike", "echo", "kilo");

	@Autowired
	private RestTestClient client;

	@Autowired
	private ActorRegistries registries;

	@Autowired
	private ActorRegistry<String, CounterActor> counters;

	@Autowired
	private ActorRegistry<Long, AccountActor> accounts;

	// The tests of this class share one context: each starts from registries with no
	// actors.
	@BeforeEach
	void stopEveryActor() throws Exception {
		for (ActorRegistry<?, ?> registry : this.registries.registries()) {
			stopAll(registry);
		}
	}

	private static <K> void stopAll(ActorRegistry<K, ?> registry) throws Exception {
		for (var child : registry.whichChildren()) {
			registry.stop(child.key()).get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		assertThat(registry.whichChildren()).isEmpty();
	}

	@Test
	void listsEveryRegistryWithStatusCountsAndSettings() {
		this.counters.ask("a", (counter) -> counter.add(1)).join();
		this.counters.ask("b", (counter) -> counter.add(1)).join();
		this.accounts.ask(7L, (account) -> account.deposit(10)).join();
		awaitNoPendingMessages();
		this.client.get().uri("/actuator/actors").exchange().expectStatus().isOk().expectBody().json("""
				{"registries": {
				  "counters": {
				    "actorType": "dev.actorregistry.autoconfigure.testapp.ActorsTestApplication$CounterActor",
				    "keyType": "java.lang.String",
				    "status": "RUNNING",
				    "counts": {"specs": 1, "active": 2, "supervisors": 0, "workers": 2},
				    "pendingMessages": 0,
				    "settings": {"idleTimeout": "PT30M", "maxActive": %1$d, "mailboxCapacity": 0,
				                 "failurePolicy": "RESUME", "drainTimeout": "PT30S",
				                 "persistent": false, "snapshotInterval": "PT0S", "writeThrough": false,
				                 "reminders": true, "askTimeout": "PT30S", "startTimeout": "PT30S",
				                 "durableSends": false}
				  },
				  "accounts": {
				    "actorType": "dev.actorregistry.autoconfigure.testapp.ActorsTestApplication$AccountActor",
				    "keyType": "java.lang.Long",
				    "status": "RUNNING",
				    "counts": {"specs": 1, "active": 1, "supervisors": 0, "workers": 1},
				    "pendingMessages": 0,
				    "settings": {"idleTimeout": "PT5M", "maxActive": 50, "mailboxCapacity": 20,
				                 "failurePolicy": "RESTART", "drainTimeout": "PT30S",
				                 "persistent": false, "snapshotInterval": "PT0S", "writeThrough": false,
				                 "reminders": true, "askTimeout": "PT30S", "startTimeout": "PT30S",
				                 "durableSends": false}
				  },
				  "gates": {
				    "actorType": "dev.actorregistry.autoconfigure.testapp.ActorsTestApplication$GateActor",
				    "keyType": "java.lang.String",
				    "status": "RUNNING",
				    "counts": {"specs": 1, "active": 0, "supervisors": 0, "workers": 0},
				    "pendingMessages": 0,
				    "settings": {"idleTimeout": "PT30M", "maxActive": %1$d, "mailboxCapacity": 0,
				                 "failurePolicy": "RESUME", "drainTimeout": "PT30S",
				                 "persistent": false, "snapshotInterval": "PT0S", "writeThrough": false,
				                 "reminders": true, "askTimeout": "PT30S", "startTimeout": "PT30S",
				                 "durableSends": false}
				  }
				}}
				""".formatted(ActorRegistryBuilder.defaultMaxActive()), JsonCompareMode.STRICT);
	}

	@Test
	void listsActorsOfOneRegistrySortedByKeyWithDefaultPaging() {
		startCounters(UNSORTED_KEYS);
		awaitNoPendingMessages();
		this.client.get()
			.uri("/actuator/actors/counters")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.registry")
			.isEqualTo("counters")
			.jsonPath("$.total")
			.isEqualTo(6)
			.jsonPath("$.offset")
			.isEqualTo(0)
			.jsonPath("$.limit")
			.isEqualTo(ActorsEndpoint.DEFAULT_LIMIT)
			.jsonPath("$.actors[*].key")
			.isEqualTo(List.of("alpha", "echo", "kilo", "mike", "papa", "zulu"))
			.jsonPath("$.actors[0].status")
			.isEqualTo("ACTIVE")
			.jsonPath("$.actors[0].mailboxSize")
			.isEqualTo(0)
			.jsonPath("$.actors[0].processed")
			.isEqualTo(1)
			.jsonPath("$.actors[0].failures")
			.isEqualTo(0)
			.jsonPath("$.actors[0].actor")
			.doesNotExist()
			.jsonPath("$.actors[0].secretValue")
			.doesNotExist();
	}

	@Test
	void pagesThroughActors() {
		startCounters(UNSORTED_KEYS);
		this.client.get()
			.uri("/actuator/actors/counters?offset=1&limit=2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(6)
			.jsonPath("$.offset")
			.isEqualTo(1)
			.jsonPath("$.limit")
			.isEqualTo(2)
			.jsonPath("$.actors[*].key")
			.isEqualTo(List.of("echo", "kilo"));
		this.client.get()
			.uri("/actuator/actors/counters?offset=5&limit=2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.actors[*].key")
			.isEqualTo(List.of("zulu"));
		this.client.get()
			.uri("/actuator/actors/counters?offset=10&limit=" + ActorsEndpoint.MAX_LIMIT)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.total")
			.isEqualTo(6)
			.jsonPath("$.actors")
			.isEmpty();
	}

	@Test
	void refusesBadPagingValues() {
		expectBadRequest("/actuator/actors/counters?offset=-1", "offset must be zero or positive, but was -1");
		expectBadRequest("/actuator/actors/counters?limit=0", "limit must be between 1 and 1000, but was 0");
		expectBadRequest("/actuator/actors/counters?limit=1001", "limit must be between 1 and 1000, but was 1001");
		// not a number: refused by the actuator's own parameter mapping
		this.client.get().uri("/actuator/actors/counters?limit=many").exchange().expectStatus().isBadRequest();
	}

	@Test
	void showsOneActorWithoutItsState() {
		this.counters.ask("c1", (counter) -> counter.add(3)).join();
		this.counters.ask("c1", (counter) -> counter.add(3)).join();
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> this.counters.ask("c1", CounterActor::fail).join());
		awaitNoPendingMessages();
		byte[] body = this.client.get()
			.uri("/actuator/actors/counters/c1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.key")
			.isEqualTo("c1")
			.jsonPath("$.status")
			.isEqualTo("ACTIVE")
			.jsonPath("$.mailboxSize")
			.isEqualTo(0)
			.jsonPath("$.processed")
			.isEqualTo(3)
			.jsonPath("$.failures")
			.isEqualTo(1)
			.returnResult()
			.getResponseBody();
		String json = new String(body, StandardCharsets.UTF_8);
		assertThat(json).doesNotContain("secretValue").doesNotContain("\"actor\"");
		String startedAt = JsonPath.read(json, "$.startedAt");
		String lastActiveAt = JsonPath.read(json, "$.lastActiveAt");
		assertThat(Instant.parse(lastActiveAt)).isAfterOrEqualTo(Instant.parse(startedAt));
	}

	@Test
	void answers404ForAnActorThatIsNotLive() {
		this.client.get().uri("/actuator/actors/counters/nobody").exchange().expectStatus().isNotFound();
	}

	@Test
	void convertsKeysToTheRegistrysKeyType() {
		this.accounts.ask(42L, (account) -> account.deposit(5)).join();
		this.client.get()
			.uri("/actuator/actors/accounts/42")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.key")
			.isEqualTo("42")
			.jsonPath("$.processed")
			.isEqualTo(1);
		this.client.get().uri("/actuator/actors/accounts/43").exchange().expectStatus().isNotFound();
		expectBadRequest("/actuator/actors/accounts/forty-two",
				"Key 'forty-two' of registry 'accounts' cannot be converted to java.lang.Long");
	}

	@Test
	void stopsOneActor() {
		this.counters.ask("d1", (counter) -> counter.add(1)).join();
		this.counters.ask("d2", (counter) -> counter.add(1)).join();
		this.client.delete().uri("/actuator/actors/counters/d1").exchange().expectStatus().isNoContent();
		assertThat(this.counters.lookup("d1")).isEmpty();
		assertThat(this.counters.lookup("d2")).isPresent();
		this.client.get().uri("/actuator/actors/counters/d1").exchange().expectStatus().isNotFound();
		this.client.delete().uri("/actuator/actors/counters/d1").exchange().expectStatus().isNotFound();
	}

	@Test
	void stopsAnActorWithALongKey() {
		this.accounts.ask(9L, (account) -> account.deposit(1)).join();
		this.client.delete().uri("/actuator/actors/accounts/9").exchange().expectStatus().isNoContent();
		assertThat(this.accounts.lookup(9L)).isEmpty();
		this.client.delete().uri("/actuator/actors/accounts/nine").exchange().expectStatus().isBadRequest();
	}

	@Test
	void answers404ForAnUnknownRegistry() {
		this.client.get().uri("/actuator/actors/nothing").exchange().expectStatus().isNotFound();
		this.client.get().uri("/actuator/actors/nothing/k").exchange().expectStatus().isNotFound();
		this.client.delete().uri("/actuator/actors/nothing/k").exchange().expectStatus().isNotFound();
	}

	@Test
	void answersNotFoundAndBadRequestWithProblemDetails() {
		expectProblem(this.client.get().uri("/actuator/actors/nothing"), HttpStatus.NOT_FOUND,
				"There is no actor registry 'nothing'.");
		expectProblem(this.client.get().uri("/actuator/actors/nothing/k"), HttpStatus.NOT_FOUND,
				"There is no actor registry 'nothing'.");
		expectProblem(this.client.get().uri("/actuator/actors/counters/nobody"), HttpStatus.NOT_FOUND,
				"Registry 'counters' has no live actor 'nobody'.");
		expectProblem(this.client.delete().uri("/actuator/actors/counters/nobody"), HttpStatus.NOT_FOUND,
				"Registry 'counters' has no live actor 'nobody'.");
		expectProblem(this.client.get().uri("/actuator/actors/counters?offset=-1"), HttpStatus.BAD_REQUEST,
				"offset must be zero or positive, but was -1");
		expectProblem(this.client.delete().uri("/actuator/actors/accounts/nine"), HttpStatus.BAD_REQUEST,
				"Key 'nine' of registry 'accounts' cannot be converted to java.lang.Long");
	}

	private static void expectProblem(RestTestClient.RequestHeadersSpec<?> request, HttpStatus status, String detail) {
		request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"title": "%s", "status": %d, "detail": "%s"}
					""".formatted(status.getReasonPhrase(), status.value(), detail), JsonCompareMode.STRICT);
	}

	private void startCounters(List<String> keys) {
		keys.forEach((key) -> this.counters.ask(key, (counter) -> counter.add(1)).join());
	}

	private void expectBadRequest(String uri, String message) {
		this.client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo(message);
	}

	// A reply reaches its sender just before its mailbox counts the message finished.
	private void awaitNoPendingMessages() {
		Waits.eventually()
			.until(() -> this.registries.registries().stream().allMatch((registry) -> registry.pendingMessages() == 0));
	}

}
