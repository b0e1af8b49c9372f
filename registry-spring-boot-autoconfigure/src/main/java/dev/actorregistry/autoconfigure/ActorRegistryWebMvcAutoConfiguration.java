package dev.actorregistry.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * In a Spring MVC application, answers refusals of the registries (draining, stopped,
 * mailbox full) with problem details instead of a 500.
 */
@AutoConfiguration(after = ActorRegistryAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, ProblemDetail.class })
public final class ActorRegistryWebMvcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegistryUnavailableExceptionHandler registryUnavailableExceptionHandler() {
		return new RegistryUnavailableExceptionHandler();
	}

}
