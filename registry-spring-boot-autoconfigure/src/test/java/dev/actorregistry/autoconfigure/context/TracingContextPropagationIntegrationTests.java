package dev.actorregistry.autoconfigure.context;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorExecutor;

import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP, with Micrometer Tracing on the OpenTelemetry bridge: the line an actor
 * logs inside its turn carries the trace id of the request that sent the message, as the
 * controller's line does, and the actors' thread keeps no trace once the turn is over.
 * The actors run on a pool of one thread, so the thread checked afterwards is the one
 * that ran the turn.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "management.tracing.sampling.probability=1.0",
				"logging.pattern.console=%X{traceId:-no-trace} [%thread] %logger{0}: %m%n",
				"actors.executor.type=bounded", "actors.executor.pool-size=1" })
@AutoConfigureRestTestClient
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class TracingContextPropagationIntegrationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Autowired
	private RestTestClient client;

	@Autowired
	private ActorExecutor actorExecutor;

	@Test
	void actorsLogLineCarriesTheRequestsTraceId(CapturedOutput output) {
		String seenInTurn = this.client.get()
			.uri("/greetings/alice")
			.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(seenInTurn).isEqualTo(TRACE_ID);
		eventually().untilAsserted(
				() -> assertThat(output.getOut()).contains(TRACE_ID + " [actor-bounded-1] greeter: greeting alice")
					.containsPattern(TRACE_ID + " \\[http-[^]]+\\] controller: asking alice's greeter"));
	}

	@Test
	void requestsWithoutATraceFromTheCallerGetTheirOwnInTheTurn(CapturedOutput output) {
		String first = greet("bob");
		String second = greet("bob");

		assertThat(first).hasSize(32).isNotEqualTo(second);
		assertThat(second).hasSize(32);
		eventually().untilAsserted(
				() -> assertThat(output.getOut()).contains(first + " [actor-bounded-1] greeter: greeting bob")
					.contains(second + " [actor-bounded-1] greeter: greeting bob"));
	}

	@Test
	void actorsThreadKeepsNoTraceAfterTheTurn() {
		greet("carol");

		Map<String, String> mdc = CompletableFuture.supplyAsync(MDC::getCopyOfContextMap, this.actorExecutor.executor())
			.join();
		Object observation = CompletableFuture
			.supplyAsync(() -> this.observations.getCurrentObservation(), this.actorExecutor.executor())
			.join();
		assertThat(mdc == null || mdc.isEmpty()).as("MDC left on the actors' thread: %s", mdc).isTrue();
		assertThat(observation).isNull();
	}

	@Autowired
	private ObservationRegistry observations;

	private String greet(String name) {
		return this.client.get()
			.uri("/greetings/" + name)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	// no component scan: it would reach other tests' applications in sub-packages
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ Greeter.class, GreetingController.class })
	static class GreetingApplication {

	}

	@Actor
	static class Greeter {

		private static final Logger logger = LoggerFactory.getLogger("greeter");

		String greet(String name) {
			logger.info("greeting {}", name);
			return MDC.get("traceId");
		}

	}

	@RestController
	static class GreetingController {

		private static final Logger logger = LoggerFactory.getLogger("controller");

		private final ActorRegistry<String, Greeter> greeters;

		GreetingController(ActorRegistry<String, Greeter> greeters) {
			this.greeters = greeters;
		}

		@GetMapping("/greetings/{name}")
		CompletableFuture<String> greet(@PathVariable String name) {
			logger.info("asking {}'s greeter", name);
			return this.greeters.ask(name, (greeter) -> greeter.greet(name));
		}

	}

}
