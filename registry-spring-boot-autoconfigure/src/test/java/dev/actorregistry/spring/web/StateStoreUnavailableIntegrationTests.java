package dev.actorregistry.spring.web;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.PersistentCounter;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.test.FlakyStateStore;
import dev.actorregistry.test.SerializingCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP, a request whose actor's state store is down gets a 503 problem detail
 * naming the registry and the key, never a 500, whether the state could not be loaded or
 * could not be saved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "actors.registries.meter.persistence.write-through=true" })
@AutoConfigureRestTestClient
@DirtiesContext
class StateStoreUnavailableIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private FlakyStateStore store;

	@Autowired
	private ActorRegistry<String, Meter> meters;

	@AfterEach
	void storeUp() {
		this.store.up();
	}

	@Test
	void stateThatCannotBeLoadedIsAServiceUnavailableProblem() {
		this.store.down();

		this.client.post()
			.uri("/meters/cold")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Actor state store unavailable")
			.jsonPath("$.registry")
			.isEqualTo("meter")
			.jsonPath("$.key")
			.isEqualTo("cold");
		assertThat(this.meters.lookup("cold")).isEmpty();
	}

	@Test
	void stateThatCannotBeSavedIsAServiceUnavailableProblemAndTheStateIsKept() {
		this.client.post().uri("/meters/warm").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(1L);
		this.store.down();

		this.client.post()
			.uri("/meters/warm")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Actor state store unavailable")
			.jsonPath("$.detail")
			.value(String.class,
					(detail) -> assertThat(detail).contains("could not be saved").doesNotContain("the store is down"));

		this.store.up();
		this.client.post().uri("/meters/warm").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(3L);
	}

	// no component scan: it would reach other tests' applications in sub-packages
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ Meter.class, MeterController.class })
	static class MeterApplication {

		@Bean
		FlakyStateStore stateStore() {
			return new FlakyStateStore();
		}

		@Bean
		StateCodec stateCodec() {
			return new SerializingCodec();
		}

	}

	@Actor
	static class Meter extends PersistentCounter {

	}

	@RestController
	static class MeterController {

		private final ActorRegistry<String, Meter> meters;

		MeterController(ActorRegistry<String, Meter> meters) {
			this.meters = meters;
		}

		@PostMapping("/meters/{id}")
		CompletableFuture<Long> add(@PathVariable String id) {
			return this.meters.ask(id, Meter::increment);
		}

	}

}
