package dev.actorregistry.autoconfigure.actuate;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.CounterActor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.actuate.ActorsEndpoint;
import dev.actorregistry.spring.actuate.ActorsEndpointWebExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link ActorsEndpointAutoConfiguration} creates the endpoint and its web
 * extension, and when it backs off.
 */
class ActorsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class, ActorsEndpointAutoConfiguration.class))
		.withUserConfiguration(CounterActor.class);

	@Test
	void createsTheEndpointAndItsWebExtensionWhenExposedOverTheWeb() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=actors").run((context) -> {
			assertThat(context).hasSingleBean(ActorsEndpoint.class).hasSingleBean(ActorsEndpointWebExtension.class);
			assertThat(context.getBean(ActorsEndpoint.class).registries().registries()).containsOnlyKeys("counters");
		});
	}

	@Test
	void createsNothingWhileTheEndpointIsNotExposed() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ActorRegistries.class)
			.doesNotHaveBean(ActorsEndpoint.class)
			.doesNotHaveBean(ActorsEndpointWebExtension.class));
	}

	@Test
	void createsNothingWhenAccessToTheEndpointIsNone() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=actors",
					"management.endpoint.actors.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ActorsEndpoint.class)
				.doesNotHaveBean(ActorsEndpointWebExtension.class));
	}

	@Test
	void createsNoWebExtensionWhenExposedOverJmxOnly() {
		this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=actors")
			.run((context) -> assertThat(context).hasSingleBean(ActorsEndpoint.class)
				.doesNotHaveBean(ActorsEndpointWebExtension.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesTheEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=actors")
			.withUserConfiguration(CustomEndpointConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ActorsEndpoint.class).hasBean("customActorsEndpoint");
				assertThat(context).hasSingleBean(ActorsEndpointWebExtension.class);
			});
	}

	@Test
	void createsNothingWithoutTheActuatorOnTheClasspath() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=actors")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ActorRegistries.class)
				.doesNotHaveBean(ActorsEndpoint.class)
				.doesNotHaveBean(ActorsEndpointWebExtension.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomEndpointConfiguration {

		@Bean
		ActorsEndpoint customActorsEndpoint(ActorRegistries registries) {
			return new ActorsEndpoint(registries, Duration.ofSeconds(1), Show.NEVER, Show.ALWAYS, Set.of());
		}

	}

}
