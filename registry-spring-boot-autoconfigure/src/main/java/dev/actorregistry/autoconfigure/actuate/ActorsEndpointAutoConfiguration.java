package dev.actorregistry.autoconfigure.actuate;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.cluster.ClusterOverview;
import org.springframework.beans.factory.ObjectProvider;
import dev.actorregistry.spring.actuate.ActorsEndpoint;
import dev.actorregistry.spring.actuate.ActorsEndpointWebExtension;

/**
 * The {@code actors} endpoint, when the actuator is on the classpath and the endpoint is
 * available. Like Boot's own endpoints it is not exposed over HTTP until
 * {@code management.endpoints.web.exposure.include} names it.
 */
@AutoConfiguration(after = ActorsAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ActorRegistries.class)
@EnableConfigurationProperties(ActorsEndpointProperties.class)
public final class ActorsEndpointAutoConfiguration {

	/**
	 * How long a stop through the endpoint waits for the actor to be gone: long enough
	 * for an ordinary last message, short enough not to hold a request thread.
	 */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	/** Where the endpoint's settings were before they followed Boot's endpoints. */
	private static final String DEPRECATED_PREFIX = "actors.endpoint";

	private static final Log logger = LogFactory.getLog(ActorsEndpointAutoConfiguration.class);

	// The actuator's conditions sit on the bean methods, not the class: they are read
	// only once @ConditionalOnClass found the actuator, so its absence never breaks
	// condition evaluation.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ActorsEndpoint actorsEndpoint(ActorRegistries registries, ActorsEndpointProperties properties,
			Environment environment, ObjectProvider<ClusterOverview> clusterOverview) {
		Binder binder = Binder.get(environment);
		return new ActorsEndpoint(registries, STOP_TIMEOUT,
				setting(binder, "show-values", "show-state", Bindable.of(Show.class), properties.showValues()),
				properties.showKeys(),
				setting(binder, "roles", "roles", Bindable.setOf(String.class), properties.roles()),
				clusterOverview.getIfAvailable());
	}

	/**
	 * A setting under {@code management.endpoint.actors}, or, if only its deprecated name
	 * under {@code actors.endpoint} is set, that one, with a warning.
	 */
	private static <T> T setting(Binder binder, String name, String deprecatedName, Bindable<T> type, T value) {
		if (binder.bind(ActorsEndpointProperties.PREFIX + "." + name, type).isBound()) {
			return value;
		}
		String deprecated = DEPRECATED_PREFIX + "." + deprecatedName;
		return binder.bind(deprecated, type).map((legacy) -> {
			logger.warn("Property '" + deprecated + "' is deprecated: use '" + ActorsEndpointProperties.PREFIX + "."
					+ name + "', as for Boot's own endpoints");
			return legacy;
		}).orElse(value);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ActorsEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	ActorsEndpointWebExtension actorsEndpointWebExtension(ActorsEndpoint endpoint) {
		return new ActorsEndpointWebExtension(endpoint);
	}

}
