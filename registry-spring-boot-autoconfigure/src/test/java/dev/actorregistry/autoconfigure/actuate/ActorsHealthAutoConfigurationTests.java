package dev.actorregistry.autoconfigure.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ChildCounts;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.AccountActor;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.CounterActor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.actuate.ActorsHealthContributor;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@link ActorsHealthAutoConfiguration} creates the {@code actors} health
 * contributor, what it reports, and when it backs off.
 */
class ActorsHealthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class, ActorsHealthAutoConfiguration.class))
		.withUserConfiguration(CounterActor.class, AccountActor.class);

	@Test
	void reportsEachRegistryUpWithItsStatusAndCounts() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ActorsHealthContributor.class).hasBean("actorsHealthContributor");
			ActorRegistries registries = context.getBean(ActorRegistries.class);
			counters(registries).ask("a", (counter) -> counter.add(1)).join();
			CompositeHealthContributor actors = context.getBean(ActorsHealthContributor.class);
			assertThat(actors.stream().map(HealthContributors.Entry::name)).containsExactlyInAnyOrder("counters",
					"accounts");
			Health counters = health(actors, "counters");
			assertThat(counters.getStatus()).isEqualTo(Status.UP);
			assertThat(counters.getDetails()).containsEntry("status", RegistryStatus.RUNNING)
				.containsEntry("counts", new ChildCounts(1, 1, 0, 1));
			assertThat(health(actors, "accounts").getDetails()).containsEntry("counts", new ChildCounts(1, 0, 0, 0));
			assertThat(actors.getContributor("nobody")).isNull();
		});
	}

	@Test
	void reportsARegistryOutOfServiceOnceItHasStopped() {
		this.runner.run((context) -> {
			ActorRegistries registries = context.getBean(ActorRegistries.class);
			counters(registries).ask("a", (counter) -> counter.add(1)).join();
			counters(registries).drain(Waits.TIMEOUT);
			CompositeHealthContributor actors = context.getBean(ActorsHealthContributor.class);
			assertThat(health(actors, "counters").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(health(actors, "counters").getDetails()).containsEntry("status", RegistryStatus.STOPPED)
				.containsEntry("counts", new ChildCounts(1, 0, 0, 0));
			assertThat(health(actors, "accounts").getStatus()).isEqualTo(Status.UP);
		});
	}

	private static Health health(CompositeHealthContributor actors, String registry) {
		return ((HealthIndicator) actors.getContributor(registry)).health();
	}

	@Test
	void createsNothingWhenTheIndicatorIsDisabled() {
		this.runner.withPropertyValues("management.health.actors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ActorsHealthContributor.class));
	}

	@Test
	void createsNothingWhenDefaultIndicatorsAreDisabled() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ActorsHealthContributor.class));
	}

	@Test
	void backsOffForABeanOfTheSameName() {
		this.runner.withUserConfiguration(CustomIndicatorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ActorsHealthContributor.class);
			assertThat(context.getBean("actorsHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UNKNOWN);
		});
	}

	@Test
	void backsOffForABeanOfTheSameType() {
		this.runner.withUserConfiguration(CustomTypedIndicatorConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ActorsHealthContributor.class)
				.hasBean("myActorsHealth")
				.doesNotHaveBean("actorsHealthContributor"));
	}

	@Test
	void createsNothingWithoutHealthSupportOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(Health.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ActorRegistries.class)
				.doesNotHaveBean(ActorsHealthContributor.class));
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
		ActorsHealthContributor myActorsHealth(ActorRegistries registries) {
			return new ActorsHealthContributor(registries);
		}

	}

}
