package dev.actorregistry.spring.web;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.RegistryClosedException;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.web.Refusal;
import dev.actorregistry.test.Waits;

/**
 * Over real HTTP, a request that needs an actor while its registry is drained gets a 503
 * problem detail naming the registry and the key, never a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.banner-mode=off")
@AutoConfigureRestTestClient
@DirtiesContext
class RegistryUnavailableIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private ActorRegistry<String, Tally> tallies;

	@Test
	void refusalWhileStoppedIsAServiceUnavailableProblem() {
		this.client.post().uri("/tallies/a").exchange().expectStatus().isOk().expectBody(Integer.class).isEqualTo(1);
		this.tallies.drain(Waits.TIMEOUT);
		this.client.post()
			.uri("/tallies/b")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.title")
			.isEqualTo("Actor registry unavailable")
			.jsonPath("$.registry")
			.isEqualTo("tally")
			.jsonPath("$.key")
			.isEqualTo("b")
			.jsonPath("$.detail")
			.isEqualTo(Refusal.REGISTRY_UNAVAILABLE.detail(new RegistryClosedException("tally", "b")));
	}

	// no component scan: it would reach other tests' applications in sub-packages
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ Tally.class, TallyController.class })
	static class TallyApplication {

	}

	@Actor
	static class Tally {

		int count;

	}

	@RestController
	static class TallyController {

		private final ActorRegistry<String, Tally> tallies;

		TallyController(ActorRegistry<String, Tally> tallies) {
			this.tallies = tallies;
		}

		@PostMapping("/tallies/{id}")
		CompletableFuture<Integer> add(@PathVariable String id) {
			return this.tallies.ask(id, (tally) -> ++tally.count);
		}

	}

}
