package dev.actorregistry.autoconfigure.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ChildCounts;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.Waits;
import dev.actorregistry.autoconfigure.ActorRegistryAutoConfiguration;
import dev.actorregistry.autoconfigure.actuate.ActorsHealthIndicator.RegistryHealth;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.AccountActor;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.CounterActor;
import dev.actorregistry.spring.ActorRegistries;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link ActorsHealthAutoConfiguration} creates the {@code actors} health
 * contributor, what it reports, and when it backs off.
 */
class ActorsHealthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ActorRegistryAutoConfiguration.class, ActorsHealthAutoConfiguration.class))
		.withUserConfiguration(CounterActor.class, AccountActor.class);

	@Test
	void reportsUpWithEachRegistrysStatusAndCounts() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ActorsHealthIndicator.class).hasBean("actorsHealthIndicator");
			ActorRegistries registries = context.getBean(ActorRegistries.class);
			counters(registries).ask("a", (counter) -> counter.add(1)).join();
			Health health = context.getBean(ActorsHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsOnlyKeys("counters", "accounts");
			assertThat(health.getDetails().get("counters"))
				.isEqualTo(new RegistryHealth(RegistryStatus.RUNNING, new ChildCounts(1, 1, 0, 1)));
			assertThat(health.getDetails().get("accounts"))
				.isEqualTo(new RegistryHealth(RegistryStatus.RUNNING, new ChildCounts(1, 0, 0, 0)));
		});
	}

	@Test
	void reportsOutOfServiceOnceOneRegistryHasStopped() {
		this.runner.run((context) -> {
			ActorRegistries registries = context.getBean(ActorRegistries.class);
			counters(registries).ask("a", (counter) -> counter.add(1)).join();
			counters(registries).drain(Waits.TIMEOUT);
			Health health = context.getBean(ActorsHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(health.getDetails().get("counters"))
				.isEqualTo(new RegistryHealth(RegistryStatus.STOPPED, new ChildCounts(1, 0, 0, 0)));
			assertThat(health.getDetails().get("accounts"))
				.isEqualTo(new RegistryHealth(RegistryStatus.RUNNING, new ChildCounts(1, 0, 0, 0)));
		});
	}

	@Test
	void createsNothingWhenTheIndicatorIsDisabled() {
		this.runner.withPropertyValues("management.health.actors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ActorsHealthIndicator.class));
	}

	@Test
	void createsNothingWhenDefaultIndicatorsAreDisabled() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ActorsHealthIndicator.class));
	}

	@Test
	void backsOffForABeanOfTheSameName() {
		this.runner.withUserConfiguration(CustomIndicatorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ActorsHealthIndicator.class);
			assertThat(context.getBean("actorsHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UNKNOWN);
		});
	}

	@Test
	void backsOffForABeanOfTheSameType() {
		this.runner.withUserConfiguration(CustomTypedIndicatorConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ActorsHealthIndicator.class)
				.hasBean("myActorsHealth")
				.doesNotHaveBean("actorsHealthIndicator"));
	}

	@Test
	void createsNothingWithoutHealthSupportOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(Health.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ActorRegistries.class)
				.doesNotHaveBean(ActorsHealthIndicator.class));
	}

	@SuppressWarnings("unchecked")
	private static ActorRegistry<String, CounterActor> counters(ActorRegistries registries) {
		return (ActorRegistry<String, CounterActor>) registries.get("counters");
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomIndicatorConfiguration {

		@Bean
		HealthIndicator actorsHealthIndicator() {
			return () -> Health.unknown().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomTypedIndicatorConfiguration {

		@Bean
		ActorsHealthIndicator myActorsHealth(ActorRegistries registries) {
			return new ActorsHealthIndicator(registries);
		}

	}

}
