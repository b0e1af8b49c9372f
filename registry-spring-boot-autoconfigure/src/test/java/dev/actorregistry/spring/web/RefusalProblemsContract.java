package dev.actorregistry.spring.web;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.spring.web.RefusalsApplication.Hold;
import dev.actorregistry.spring.web.RefusalsApplication.Lane;
import dev.actorregistry.test.FlakyStateStore;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client of a real server sees for each refusal of a registry, whichever web stack
 * serves it: a problem detail with a truthful status, {@code Retry-After} only where a
 * retry can help, a fixed detail that carries no cause's text, the registry and the key,
 * even though the application has a catch-all advice of its own.
 */
abstract class RefusalProblemsContract {

	@Autowired
	private WebTestClient client;

	@Autowired
	private Hold hold;

	@Autowired
	private FlakyStateStore store;

	@Autowired
	private ActorRegistry<String, Lane> lanes;

	@AfterEach
	void release() {
		this.store.up();
		this.hold.release();
	}

	@Test
	void theApplicationsCatchAllAdviceStillAnswersItsOwnFailures() {
		this.client.get()
			.uri("/boom")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
			.expectBody(String.class)
			.isEqualTo(RefusalsApplication.CAUGHT_BY_THE_APPLICATION);
	}

	@Test
	void aFullMailboxIsTooManyRequestsWhetherTheFutureIsReturnedOrAdaptedToAMono() {
		this.client.post().uri("/gates/a/hold").exchange().expectStatus().is2xxSuccessful();
		for (String uri : new String[] { "/gates/a", "/gates/a/mono", "/functional/gates/a" }) {
			expectProblem(uri, HttpStatus.TOO_MANY_REQUESTS, Refusal.MAILBOX_FULL, "gate", "a");
		}
	}

	@Test
	void anAskTimeoutIsServiceUnavailable() {
		this.client.post().uri("/tallies/t/hold").exchange().expectStatus().is2xxSuccessful();
		expectProblem("/tallies/t/quick", HttpStatus.SERVICE_UNAVAILABLE, Refusal.ASK_TIMEOUT, "tally", "t");
	}

	@Test
	void aDrainingAndThenAStoppedRegistryIsServiceUnavailable() {
		this.client.post().uri("/lanes/busy/hold").exchange().expectStatus().is2xxSuccessful();
		Waits.eventually().until(() -> this.hold.entered.get() > 0);
		CompletableFuture<?> drained = CompletableFuture.runAsync(() -> this.lanes.drain(Waits.TIMEOUT));
		Waits.eventually().until(() -> this.lanes.status() == RegistryStatus.DRAINING);

		expectProblem("/lanes/new", HttpStatus.SERVICE_UNAVAILABLE, Refusal.REGISTRY_UNAVAILABLE, "lane", "new");

		this.hold.release();
		drained.join();
		assertThat(this.lanes.status()).isEqualTo(RegistryStatus.STOPPED);
		expectProblem("/lanes/later", HttpStatus.SERVICE_UNAVAILABLE, Refusal.REGISTRY_UNAVAILABLE, "lane", "later");
	}

	@Test
	void aStateStoreThatCannotLoadIsServiceUnavailableWithoutItsFailuresText() {
		this.store.down();
		String body = expectProblem("/meters/cold", HttpStatus.SERVICE_UNAVAILABLE, Refusal.STATE_STORE_UNAVAILABLE,
				"meter", "cold");
		assertThat(body).doesNotContain("actor_state", "SQL", "select", "store is down");
	}

	@Test
	void aStateStoreThatCannotSaveIsServiceUnavailableWithoutItsFailuresText() {
		this.client.post().uri("/meters/warm").exchange().expectStatus().isOk();
		this.store.down();
		String body = expectProblem("/meters/warm", HttpStatus.SERVICE_UNAVAILABLE, Refusal.STATE_STORE_UNAVAILABLE,
				"meter", "warm");
		assertThat(body).doesNotContain("actor_state", "SQL", "select");
	}

	@Test
	void aKeyLongerThanTheStoreKeepsIsABadRequestThatNeverReachesTheStore() {
		String key = "k".repeat(1001);
		int calls = this.store.calls.get();
		this.client.post()
			.uri("/meters/" + key)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.doesNotExist("Retry-After")
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Actor key too long")
			.jsonPath("$.type")
			.isEqualTo("urn:actor-registry:problem:key-too-long")
			.jsonPath("$.detail")
			.isEqualTo("The actor key is 1001 characters long, and this registry keeps keys of up to 1000 characters. "
					+ "Use a shorter key; the same key can never succeed.")
			.jsonPath("$.registry")
			.isEqualTo("meter")
			.jsonPath("$.key")
			.isEqualTo(ActorRegistryException.keyText(key));
		assertThat(this.store.calls).hasValue(calls);
	}

	@Test
	void theActuatorEndpointAnswersAnUnknownActorWithAProblemDetail() {
		this.client.get()
			.uri("/actuator/actors/gate/nobody")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"title": "Not Found", "status": 404, "detail": "Registry 'gate' has no live actor 'nobody'."}
					""", JsonCompareMode.STRICT);
	}

	/**
	 * Expect a problem detail of the given kind, and return its body.
	 */
	private String expectProblem(String uri, HttpStatus status, Refusal refusal, String registry, String key) {
		byte[] body = this.client.post()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.title")
			.isEqualTo(refusal.title())
			.jsonPath("$.type")
			.isEqualTo(refusal.type().toString())
			.jsonPath("$.detail")
			.isEqualTo(refusal.detail(new ActorRegistryException(registry, key, "unused", "Unused", null)))
			.jsonPath("$.instance")
			.isEqualTo(uri)
			.jsonPath("$.registry")
			.isEqualTo(registry)
			.jsonPath("$.key")
			.isEqualTo(key)
			.returnResult()
			.getResponseBodyContent();
		return new String((body != null) ? body : new byte[0], StandardCharsets.UTF_8);
	}

}
