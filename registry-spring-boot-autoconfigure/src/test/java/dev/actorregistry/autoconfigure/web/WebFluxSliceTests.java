package dev.actorregistry.autoconfigure.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.actorregistry.spring.web.RefusingController;

/**
 * A {@code @WebFluxTest} slice answers a refusal with its problem detail, as the
 * application does: the slice imports the handler's auto-configuration.
 */
@WebFluxTest(RefusingController.class)
class WebFluxSliceTests {

	@Autowired
	private WebTestClient client;

	@Test
	void aFullMailboxIsTooManyRequests() {
		this.client.post()
			.uri("/refuse")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Actor busy");
	}

	// only what the slice itself brings, and the controller
	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(RefusingController.class)
	static class SliceApplication {

	}

}
