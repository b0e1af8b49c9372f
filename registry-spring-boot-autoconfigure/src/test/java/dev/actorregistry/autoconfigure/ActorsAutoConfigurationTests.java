package dev.actorregistry.autoconfigure;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.autoconfigure.web.ActorsWebAutoConfiguration;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorExecutor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.ActorRegistriesLifecycle;
import dev.actorregistry.spring.web.ActorRegistryExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the auto-configurations contribute, and how they back off.
 */
class ActorsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class));

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class, ActorsWebAutoConfiguration.class));

	@Test
	void contributesRegistriesExecutorAndLifecycle() {
		this.runner.withUserConfiguration(Counter.class).run((context) -> {
			assertThat(context).hasSingleBean(ActorRegistries.class)
				.hasSingleBean(ActorExecutor.class)
				.hasSingleBean(ActorRegistriesLifecycle.class)
				.hasSingleBean(ActorsProperties.class)
				.hasSingleBean(ActorRegistry.class);
			assertThat(context.getBean(ActorRegistriesLifecycle.class).getPhase())
				.isEqualTo(ActorsProperties.DEFAULT_SHUTDOWN_PHASE);
		});
	}

	@Test
	void startsWithoutAnyActor() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ActorRegistries.class).all()).isEmpty();
		});
	}

	@Test
	void usesTheApplicationsOwnActorExecutor() {
		this.runner.withUserConfiguration(Counter.class, CountingExecutorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ActorExecutor.class);
			ActorRegistry<?, ?> counters = context.getBean(ActorRegistries.class).get("counter");
			@SuppressWarnings("unchecked")
			ActorRegistry<String, Counter> typed = (ActorRegistry<String, Counter>) counters;
			typed.ask("a", (counter) -> counter).join();
			assertThat(context.getBean(CountingExecutorConfiguration.class).executed).hasPositiveValue();
		});
	}

	@Test
	void shutdownPhaseComesFromProperties() {
		this.runner.withUserConfiguration(Counter.class)
			.withPropertyValues("actors.shutdown.phase=1000")
			.run((context) -> assertThat(context.getBean(ActorRegistriesLifecycle.class).getPhase()).isEqualTo(1000));
	}

	@Test
	void twoActorClassesNamingOneRegistryFailClearly() {
		this.runner.withUserConfiguration(Counter.class, OtherCounter.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("both name the registry 'counter'")
				.hasMessageContaining("@Actor(\"...\")"));
	}

	@Test
	void answersRefusalsWithProblemDetailsInAnMvcApplication() {
		this.webRunner.withUserConfiguration(Counter.class)
			.run((context) -> assertThat(context).hasSingleBean(ActorRegistryExceptionHandler.class));
	}

	@Test
	void answersRefusalsWithProblemDetailsInAWebFluxApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class, ActorsWebAutoConfiguration.class))
			.withUserConfiguration(Counter.class)
			.run((context) -> assertThat(context).hasSingleBean(ActorRegistryExceptionHandler.class));
	}

	@Test
	void theProblemDetailHandlerCanBeReplaced() {
		this.webRunner.withUserConfiguration(Counter.class, CustomHandlerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ActorRegistryExceptionHandler.class);
			assertThat(context.getBean(ActorRegistryExceptionHandler.class))
				.isSameAs(context.getBean(CustomHandlerConfiguration.class).handler);
		});
	}

	@Test
	void worksWithoutProblemDetails() {
		this.webRunner.withClassLoader(new FilteredClassLoader(ProblemDetail.class))
			.withUserConfiguration(Counter.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ActorRegistryExceptionHandler.class);
				assertThat(context).hasSingleBean(ActorRegistries.class);
			});
	}

	@Test
	void addsNoWebHandlerOutsideAWebApplication() {
		this.runner.withConfiguration(AutoConfigurations.of(ActorsWebAutoConfiguration.class))
			.withUserConfiguration(Counter.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ActorRegistryExceptionHandler.class));
	}

	@Actor
	static class Counter {

	}

	@Actor("counter")
	static class OtherCounter {

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingExecutorConfiguration {

		final AtomicInteger executed = new AtomicInteger();

		@Bean
		ActorExecutor myActorExecutor() {
			Executor direct = (task) -> {
				this.executed.incrementAndGet();
				new Thread(task).start();
			};
			return ActorExecutor.of(direct);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomHandlerConfiguration {

		final ActorRegistryExceptionHandler handler = new ActorRegistryExceptionHandler();

		@Bean
		ActorRegistryExceptionHandler myHandler() {
			return this.handler;
		}

	}

}
