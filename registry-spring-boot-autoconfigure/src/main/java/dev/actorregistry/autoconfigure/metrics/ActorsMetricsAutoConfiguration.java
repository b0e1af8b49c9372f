package dev.actorregistry.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.metrics.ActorMetricsListener;
import dev.actorregistry.spring.metrics.ActorRegistriesMeterBinder;

/**
 * Micrometer meters of every registry, when the application has a {@link MeterRegistry}.
 * The event meters come from a listener, which every registry is given; the gauges from a
 * binder that reads the registries. Kept apart so the listener never depends on the
 * registries, which depend on every listener.
 */
@AutoConfiguration(after = { ActorsAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class ActorsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ActorMetricsListener actorMetricsListener(MeterRegistry meterRegistry) {
		return new ActorMetricsListener(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ActorRegistries.class)
	ActorRegistriesMeterBinder actorRegistriesMeterBinder(ActorRegistries registries) {
		return new ActorRegistriesMeterBinder(registries);
	}

}
