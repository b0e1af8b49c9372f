package dev.actorregistry.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.ConversionService;

import dev.actorregistry.autoconfigure.ActorRegistryAutoConfiguration;
import dev.actorregistry.spring.ActorRegistries;

/**
 * The {@code actors} endpoint, when the actuator is on the classpath and the endpoint is
 * available. Like Boot's own endpoints it is not exposed over HTTP until
 * {@code management.endpoints.web.exposure.include} names it.
 */
@AutoConfiguration(after = ActorRegistryAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ActorRegistries.class)
@EnableConfigurationProperties(ActorsEndpointProperties.class)
public final class ActorsEndpointAutoConfiguration {

	/**
	 * How long a stop through the endpoint waits for the actor to be gone: long enough
	 * for an ordinary last message, short enough not to hold a request thread.
	 */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	// The actuator's conditions sit on the bean methods, not the class: they are read
	// only once @ConditionalOnClass found the actuator, so its absence never breaks
	// condition evaluation.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ActorsEndpoint actorsEndpoint(ActorRegistries registries, ConfigurableListableBeanFactory beanFactory,
			ActorsEndpointProperties properties) {
		return new ActorsEndpoint(registries, conversionService(beanFactory), STOP_TIMEOUT, properties.showState(),
				properties.roles());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ActorsEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	ActorsEndpointWebExtension actorsEndpointWebExtension(ActorsEndpoint endpoint) {
		return new ActorsEndpointWebExtension(endpoint);
	}

	// The application's own conversions first, so keys convert as they do in
	// @PathVariable and @Value; the shared instance when the context has none.
	private static ConversionService conversionService(ConfigurableListableBeanFactory beanFactory) {
		ConversionService conversionService = beanFactory.getConversionService();
		return (conversionService != null) ? conversionService : ApplicationConversionService.getSharedInstance();
	}

}
