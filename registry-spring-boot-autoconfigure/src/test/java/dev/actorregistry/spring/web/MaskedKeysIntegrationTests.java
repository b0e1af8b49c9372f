package dev.actorregistry.spring.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.actorregistry.spring.web.KeyDigest;
import dev.actorregistry.spring.web.RefusalsApplication.Hold;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code actors.web.mask-keys} and
 * {@code management.endpoint.actors.show-keys=never}, a key that is personal data leaves
 * the application only as its digest, the same in a problem detail and in the actuator
 * endpoint, so an operator can correlate the two.
 */
@SpringBootTest(classes = RefusalsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "spring.main.web-application-type=servlet",
				"actors.registries.gate.mailbox-capacity=1", "actors.web.mask-keys=true",
				"management.endpoints.web.exposure.include=actors", "management.endpoint.actors.show-keys=never",
				"management.endpoint.actors.show-values=always" })
@AutoConfigureWebTestClient
@DirtiesContext
class MaskedKeysIntegrationTests {

	private static final String KEY = "ann@example.com";

	@Autowired
	private WebTestClient client;

	@Autowired
	private Hold hold;

	@AfterEach
	void release() {
		this.hold.release();
	}

	@Test
	void aKeyLeavesOnlyAsItsDigestInProblemDetailsAndTheEndpoint() {
		String digest = KeyDigest.of(KEY);
		this.client.post().uri("/gates/{key}/hold", KEY).exchange().expectStatus().is2xxSuccessful();

		String refusal = body(this.client.post()
			.uri("/gates/{key}", KEY)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectBody()
			.jsonPath("$.key")
			.isEqualTo(digest)
			.jsonPath("$.instance")
			.isEqualTo("urn:actor-registry:actor:gate:" + digest));
		String page = body(this.client.get()
			.uri("/actuator/actors/gate")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.actors[0].key")
			.isEqualTo(digest));
		String detail = body(this.client.get()
			.uri("/actuator/actors/gate/{key}", KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.key")
			.isEqualTo(digest));
		String notFound = body(this.client.get()
			.uri("/actuator/actors/gate/{key}", "bob@example.com")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Registry 'gate' has no live actor '" + KeyDigest.of("bob@example.com") + "'."));

		assertThat(refusal + page + detail + notFound).doesNotContain("example.com");
	}

	@Test
	void theEndpointShowsTheStateAsShowValuesAllows() {
		this.client.post().uri("/meters/{key}", KEY).exchange().expectStatus().isOk();
		this.client.post().uri("/meters/{key}", KEY).exchange().expectStatus().isOk();
		this.client.get()
			.uri("/actuator/actors/meter/{key}", KEY)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.state.value")
			.isEqualTo(2)
			.jsonPath("$.key")
			.isEqualTo(KeyDigest.of(KEY));
	}

	private static String body(WebTestClient.BodyContentSpec spec) {
		byte[] body = spec.returnResult().getResponseBodyContent();
		return new String((body != null) ? body : new byte[0], StandardCharsets.UTF_8);
	}

}
