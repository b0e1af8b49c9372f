package dev.actorregistry.spring.actuate;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorStatus;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.GateActor;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.actuate.ActorsEndpoint.ActorDescriptor;
import dev.actorregistry.spring.actuate.ActorsEndpoint.StopDescriptor;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link ActorsEndpoint} and its web extension do where HTTP tests cannot reach
 * cheaply: a stop that outlasts its timeout, and key types of the application's own.
 */
class ActorsEndpointTests {

	// runs out only while the test holds the actor in its message; a stop that is let
	// finish gets the generous timeout instead, as a busy machine can take 50 ms over one
	private static final Duration SHORT_STOP_TIMEOUT = Duration.ofMillis(50);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class))
		.withUserConfiguration(GateActor.class, SkuActor.class, ParcelActor.class);

	@Test
	void answers202WhileTheStoppedActorFinishesItsMessage() {
		this.runner.run((context) -> {
			ActorRegistries registries = context.getBean(ActorRegistries.class);
			ActorsEndpoint endpoint = endpoint(registries, SHORT_STOP_TIMEOUT);
			@SuppressWarnings("unchecked")
			ActorRegistry<String, GateActor> gates = (ActorRegistry<String, GateActor>) registries.get("gates");
			CountDownLatch entered = new CountDownLatch(1);
			CountDownLatch open = new CountDownLatch(1);
			CompletableFuture<Boolean> passed = gates.ask("g", (gate) -> gate.pass(entered, open));
			assertThat(entered.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

			WebEndpointResponse<?> response = new ActorsEndpointWebExtension(endpoint).stop(SecurityContext.NONE,
					"gates", "g");
			assertThat(response.getStatus()).isEqualTo(202);
			assertThat(response.getBody()).isEqualTo(new StopDescriptor("gates", "g", false));
			// asked to stop, it is still listed, as stopping, until its message ends
			assertThat(endpoint.actor(SecurityContext.NONE, "gates", "g")).extracting(ActorDescriptor::status)
				.isEqualTo(ActorStatus.STOPPING);

			open.countDown();
			assertThat(passed.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			Waits.eventually().until(() -> endpoint.actor(SecurityContext.NONE, "gates", "g") == null);
		});
	}

	@Test
	void convertsKeysOfTheApplicationsOwnTypes() {
		this.runner.run((context) -> {
			ActorRegistries registries = context.getBean(ActorRegistries.class);
			ActorsEndpoint endpoint = endpoint(registries, Waits.TIMEOUT);
			@SuppressWarnings("unchecked")
			ActorRegistry<Sku, SkuActor> skus = (ActorRegistry<Sku, SkuActor>) registries.get("skus");
			skus.lookupOrStart(new Sku("A-1"));
			ActorDescriptor actor = endpoint.actor(SecurityContext.NONE, "skus", "A-1");
			assertThat(actor).isNotNull();
			assertThat(actor.key()).isEqualTo("Sku[code=A-1]");
			assertThat(endpoint.stop(SecurityContext.NONE, "skus", "A-1"))
				.isEqualTo(new StopDescriptor("skus", "A-1", true));
			assertThat(skus.lookup(new Sku("A-1"))).isEmpty();
		});
	}

	@Test
	void refusesKeysOfATypeNothingConvertsTo() {
		this.runner.run((context) -> {
			ActorsEndpoint endpoint = endpoint(context.getBean(ActorRegistries.class), Waits.TIMEOUT);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.actor(SecurityContext.NONE, "parcels", "p-1"))
				.withMessage("Key 'p-1' of registry 'parcels' cannot be converted to " + ParcelId.class.getName());
			WebEndpointResponse<?> response = new ActorsEndpointWebExtension(endpoint).stop(SecurityContext.NONE,
					"parcels", "p-1");
			assertThat(response.getStatus()).isEqualTo(400);
		});
	}

	private static ActorsEndpoint endpoint(ActorRegistries registries, Duration stopTimeout) {
		return new ActorsEndpoint(registries, stopTimeout, Show.NEVER, Show.ALWAYS, Set.of());
	}

	/**
	 * A key that converts from text through its public constructor.
	 *
	 * @param code the text
	 */
	public record Sku(String code) {
	}

	/**
	 * A key nothing converts text to.
	 *
	 * @param origin where the parcel comes from
	 * @param serial its number there
	 */
	record ParcelId(String origin, int serial) {
	}

	@Actor(name = "skus", keyType = Sku.class)
	static class SkuActor {

	}

	@Actor(name = "parcels", keyType = ParcelId.class)
	static class ParcelActor {

	}

}
