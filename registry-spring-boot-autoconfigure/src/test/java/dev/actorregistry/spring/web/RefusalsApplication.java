package dev.actorregistry.spring.web;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.PersistentCounter;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.test.FlakyStateStore;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.Waits;

/**
 * An application whose requests meet every refusal of a registry, run as a Spring MVC or
 * a Spring WebFlux application: the controller's return types (futures and monos) work in
 * both. It has a catch-all {@code @ExceptionHandler(Exception.class)} advice of its own,
 * which must not take the refusals.
 */
// no component scan: it would reach other tests' applications in sub-packages
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ RefusalsApplication.Gate.class, RefusalsApplication.Tally.class, RefusalsApplication.Lane.class,
		RefusalsApplication.Meter.class, RefusalsApplication.RefusalsController.class,
		RefusalsApplication.CatchAllAdvice.class })
class RefusalsApplication {

	/** The body of the application's own catch-all advice. */
	static final String CAUGHT_BY_THE_APPLICATION = "caught by the application";

	/** What the state store's failures say: SQL that must never reach a client. */
	static final String STORE_FAILURE = "could not execute statement [select state from actor_state where "
			+ "actor_key=?] [SQL: 42S02] Table \"ACTOR_STATE\" not found";

	@Bean
	Hold hold() {
		return new Hold();
	}

	/** A functional endpoint of Spring MVC: refusals escape it as they do controllers. */
	@Bean
	org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> mvcRoutes(
			ActorRegistry<String, Gate> gates) {
		return org.springframework.web.servlet.function.RouterFunctions.route()
			.POST("/functional/gates/{id}",
					(request) -> org.springframework.web.servlet.function.ServerResponse.ok()
						.body(gates.ask(request.pathVariable("id"), (gate) -> ++gate.count).join()))
			.build();
	}

	/** A functional endpoint of Spring WebFlux: no controller advice applies to it. */
	@Bean
	org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> webFluxRoutes(
			ActorRegistry<String, Gate> gates) {
		return org.springframework.web.reactive.function.server.RouterFunctions.route()
			.POST("/functional/gates/{id}",
					(request) -> Mono.fromFuture(gates.ask(request.pathVariable("id"), (gate) -> ++gate.count))
						.flatMap((count) -> org.springframework.web.reactive.function.server.ServerResponse.ok()
							.bodyValue(count)))
			.build();
	}

	@Bean
	FlakyStateStore stateStore() {
		return new FlakyStateStore(STORE_FAILURE, 1000);
	}

	@Bean
	StateCodec stateCodec() {
		return new SerializingCodec();
	}

	/** Mailbox capacity 1 (see the tests' properties). */
	@Actor("gate")
	static class Gate {

		int count;

	}

	/** Unbounded: asks wait behind a held message until their deadline. */
	@Actor("tally")
	static class Tally {

		int count;

	}

	/** Drained by a test. */
	@Actor("lane")
	static class Lane {

		int count;

	}

	/** Persistent, write-through (see the tests' properties). */
	@Actor("meter")
	static class Meter extends PersistentCounter {

	}

	@RestController
	static class RefusalsController {

		private final ActorRegistry<String, Gate> gates;

		private final ActorRegistry<String, Tally> tallies;

		private final ActorRegistry<String, Lane> lanes;

		private final ActorRegistry<String, Meter> meters;

		private final Hold hold;

		RefusalsController(ActorRegistry<String, Gate> gates, ActorRegistry<String, Tally> tallies,
				ActorRegistry<String, Lane> lanes, ActorRegistry<String, Meter> meters, Hold hold) {
			this.gates = gates;
			this.tallies = tallies;
			this.lanes = lanes;
			this.meters = meters;
			this.hold = hold;
		}

		@PostMapping("/gates/{id}/hold")
		void holdGate(@PathVariable String id) {
			this.gates.tell(id, (gate) -> this.hold.block());
		}

		@PostMapping("/gates/{id}")
		CompletableFuture<Integer> gate(@PathVariable String id) {
			return this.gates.ask(id, (gate) -> ++gate.count);
		}

		@PostMapping("/gates/{id}/mono")
		Mono<Integer> gateMono(@PathVariable String id) {
			return Mono.fromFuture(this.gates.ask(id, (gate) -> ++gate.count));
		}

		@PostMapping("/tallies/{id}/hold")
		void holdTally(@PathVariable String id) {
			this.tallies.tell(id, (tally) -> this.hold.block());
		}

		/** An ask whose deadline passes while a held message runs ahead of it. */
		@PostMapping("/tallies/{id}/quick")
		Mono<Integer> quickTally(@PathVariable String id) {
			return Mono.fromFuture(this.tallies.ask(id, (tally) -> ++tally.count, Duration.ofMillis(50)));
		}

		@PostMapping("/lanes/{id}/hold")
		void holdLane(@PathVariable String id) {
			this.lanes.tell(id, (lane) -> this.hold.block());
		}

		@PostMapping("/lanes/{id}")
		CompletableFuture<Integer> lane(@PathVariable String id) {
			return this.lanes.ask(id, (lane) -> ++lane.count);
		}

		@PostMapping("/meters/{id}")
		CompletableFuture<Long> meter(@PathVariable String id) {
			return this.meters.ask(id, Meter::increment);
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

	}

	/** The application's own catch-all, as many applications have. */
	@RestControllerAdvice
	static class CatchAllAdvice {

		@ExceptionHandler(Exception.class)
		ResponseEntity<String> anything(Exception ex) {
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(CAUGHT_BY_THE_APPLICATION);
		}

	}

	/** Holds the actors' turns that call {@link #block} until the test releases them. */
	static final class Hold {

		private volatile CountDownLatch latch = new CountDownLatch(1);

		final AtomicInteger entered = new AtomicInteger();

		void block() {
			CountDownLatch current = this.latch;
			this.entered.incrementAndGet();
			Waits.awaitLatch(current);
		}

		void release() {
			CountDownLatch released = this.latch;
			this.latch = new CountDownLatch(1);
			released.countDown();
		}

	}

}
