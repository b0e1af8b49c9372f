package dev.actorregistry.autoconfigure.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.actorregistry.spring.web.ActorRegistryExceptionHandler;

/**
 * In a Spring MVC or Spring WebFlux application, answers the registries' refusals with
 * problem details instead of a 500. Needs no registry, so the test slices
 * {@code @WebMvcTest} and {@code @WebFluxTest} import it too.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnClass({ ProblemDetail.class, RestControllerAdvice.class })
@EnableConfigurationProperties(ActorsWebProperties.class)
public final class ActorsWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ActorRegistryExceptionHandler actorRegistryExceptionHandler(ActorsWebProperties properties) {
		return new ActorRegistryExceptionHandler(properties.maskKeys());
	}

}
