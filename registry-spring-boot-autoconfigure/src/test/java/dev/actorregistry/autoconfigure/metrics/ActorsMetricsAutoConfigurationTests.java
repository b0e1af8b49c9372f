package dev.actorregistry.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.CounterActor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.metrics.ActorMetricsListener;
import dev.actorregistry.spring.metrics.ActorRegistriesMeterBinder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link ActorsMetricsAutoConfiguration} wires meters into the registries, and when
 * it backs off.
 */
class ActorsMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class, ActorsMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class))
		.withUserConfiguration(CounterActor.class);

	@Test
	void measuresEveryRegistryThroughBootsMeterRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ActorMetricsListener.class)
				.hasSingleBean(ActorRegistriesMeterBinder.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			// bound at startup: the series exist before any event
			assertThat(meters.get("actors.active").tag("registry", "counters").gauge().value()).isZero();
			assertThat(meters.get("actors.pending").tag("registry", "counters").gauge().value()).isZero();
			// bounded by default: the gauge shows the bound a newcomer never set
			assertThat(meters.get("actors.active.limit").tag("registry", "counters").gauge().value())
				.isEqualTo(ActorRegistryBuilder.defaultMaxActive());
			assertThat(activations(meters)).isZero();

			counters(context.getBean(ActorRegistries.class)).ask("a", (counter) -> counter.add(1)).join();
			assertThat(activations(meters)).isEqualTo(1);
			assertThat(meters.get("actors.active").tag("registry", "counters").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	void createsNothingWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ActorsAutoConfiguration.class, ActorsMetricsAutoConfiguration.class))
			.withUserConfiguration(CounterActor.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ActorRegistries.class)
				.doesNotHaveBean(RegistryListener.class)
				.doesNotHaveBean(ActorRegistriesMeterBinder.class));
	}

	@Test
	void createsNothingWithoutMicrometerOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ActorRegistries.class)
				.doesNotHaveBean(ActorMetricsListener.class)
				.doesNotHaveBean(ActorRegistriesMeterBinder.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwn() {
		this.runner.withUserConfiguration(CustomMetricsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ActorMetricsListener.class)
				.hasBean("customListener")
				.hasSingleBean(ActorRegistriesMeterBinder.class)
				.hasBean("customBinder"));
	}

	private static double activations(MeterRegistry meters) {
		return meters.get("actors.activations").tags("registry", "counters", "outcome", "success").counter().count();
	}

	@SuppressWarnings("unchecked")
	private static ActorRegistry<String, CounterActor> counters(ActorRegistries registries) {
		return (ActorRegistry<String, CounterActor>) registries.get("counters");
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMetricsConfiguration {

		@Bean
		ActorMetricsListener customListener() {
			return new ActorMetricsListener(new SimpleMeterRegistry());
		}

		@Bean
		ActorRegistriesMeterBinder customBinder(ActorRegistries registries) {
			return new ActorRegistriesMeterBinder(registries);
		}

	}

}
