package dev.actorregistry.spring.actuate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.DrainReport;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.autoconfigure.testapp.ActorsApplicationTest;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.GateActor;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code actors} health contributor over real HTTP, before, during and after a drain.
 */
@ActorsApplicationTest
class ActorsHealthIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private ActorRegistry<String, GateActor> gates;

	@Test
	void upWhileRunningOutOfServiceWhileDrainingAndAfter() throws Exception {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.actors.status")
			.isEqualTo("UP")
			.jsonPath("$.components.actors.components.gates.status")
			.isEqualTo("UP")
			.jsonPath("$.components.actors.components.gates.details.status")
			.isEqualTo("RUNNING")
			.jsonPath("$.components.actors.components.counters.details.status")
			.isEqualTo("RUNNING");

		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch open = new CountDownLatch(1);
		CompletableFuture<Boolean> passed = this.gates.ask("g1", (gate) -> gate.pass(entered, open));
		assertThat(entered.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		// the gate's message keeps the drain waiting until the test opens it
		CompletableFuture<DrainReport> drain = CompletableFuture.supplyAsync(() -> this.gates.drain(Waits.TIMEOUT));
		Waits.eventually().until(this.gates::status, (status) -> status == RegistryStatus.DRAINING);

		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("OUT_OF_SERVICE")
			.jsonPath("$.components.actors.status")
			.isEqualTo("OUT_OF_SERVICE")
			.jsonPath("$.components.actors.components.gates.details.status")
			.isEqualTo("DRAINING")
			.jsonPath("$.components.actors.components.gates.details.counts.workers")
			.isEqualTo(1)
			.jsonPath("$.components.actors.components.counters.details.status")
			.isEqualTo("RUNNING");

		// one registry alone: the composite answers for each of its registries
		this.client.get()
			.uri("/actuator/health/actors/gates")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("OUT_OF_SERVICE")
			.jsonPath("$.details.status")
			.isEqualTo("DRAINING");
		this.client.get()
			.uri("/actuator/health/actors/counters")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.details.status")
			.isEqualTo("RUNNING");

		open.countDown();
		assertThat(passed.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		DrainReport report = drain.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(report.isComplete()).isTrue();
		assertThat(report.actorsStopped()).isEqualTo(1);

		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.components.actors.status")
			.isEqualTo("OUT_OF_SERVICE")
			.jsonPath("$.components.actors.components.gates.details.status")
			.isEqualTo("STOPPED")
			.jsonPath("$.components.actors.components.gates.details.counts.workers")
			.isEqualTo(0);
	}

}
