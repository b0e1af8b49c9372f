package dev.actorregistry.autoconfigure.actuate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.cluster.ClusterOverview;
import org.springframework.beans.factory.ObjectProvider;
import dev.actorregistry.spring.actuate.ActorsHealthContributor;

/**
 * The {@code actors} health contributor, one indicator per registry, when Spring Boot's
 * health support is on the classpath; {@code management.health.actors.enabled=false}
 * turns it off.
 */
@AutoConfiguration(after = ActorsAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass({ Health.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ActorRegistries.class)
public final class ActorsHealthAutoConfiguration {

	// By name too: a contributor's name comes from its bean name, so any bean named
	// actors... replaces this one whatever its type. The health condition sits here,
	// not on the class, so it is read only once @ConditionalOnClass found health support.
	@Bean
	@ConditionalOnMissingBean(value = ActorsHealthContributor.class,
			name = { "actorsHealthIndicator", "actorsHealthContributor" })
	@ConditionalOnEnabledHealthIndicator("actors")
	ActorsHealthContributor actorsHealthContributor(ActorRegistries registries,
			ObjectProvider<ClusterOverview> clusterOverview) {
		return new ActorsHealthContributor(registries, clusterOverview.getIfAvailable());
	}

}
