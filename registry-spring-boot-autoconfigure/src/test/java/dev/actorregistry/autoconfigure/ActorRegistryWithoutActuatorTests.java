package dev.actorregistry.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.autoconfigure.actuate.ActorsEndpointAutoConfiguration;
import dev.actorregistry.autoconfigure.actuate.ActorsHealthAutoConfiguration;
import dev.actorregistry.autoconfigure.metrics.ActorsMetricsAutoConfiguration;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.CounterActor;
import dev.actorregistry.spring.ActorRegistries;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with none of the actuator, health support or Micrometer on its classpath
 * still gets working registries, and none of the monitoring beans.
 */
class ActorRegistryWithoutActuatorTests {

	@Test
	void startsWithRegistriesAndNoMonitoring() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ActorsAutoConfiguration.class, ActorsEndpointAutoConfiguration.class,
							ActorsHealthAutoConfiguration.class, ActorsMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
					"org.springframework.boot.health", "org.springframework.boot.micrometer", "io.micrometer"))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.withUserConfiguration(CounterActor.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ActorRegistries.class);
				assertThat(context.getBeanNamesForType(RegistryListener.class)).isEmpty();
				assertThat(context).doesNotHaveBean("actorsEndpoint")
					.doesNotHaveBean("actorsEndpointWebExtension")
					.doesNotHaveBean("actorsHealthContributor")
					.doesNotHaveBean("actorMetricsListener")
					.doesNotHaveBean("actorRegistriesMeterBinder");
				@SuppressWarnings("unchecked")
				ActorRegistry<String, CounterActor> counters = context.getBean(ActorRegistry.class);
				assertThat(counters.ask("a", (counter) -> counter.add(2)).join()).isEqualTo(2);
			});
	}

}
