package dev.actorregistry.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.cluster.ClusterOverview;

/**
 * The {@code actors} health contributor: one {@link RegistryHealthIndicator} per
 * registry, by its name, so {@code /actuator/health/actors/<registry>} answers for one
 * registry and a probe group can include just the registries it cares about. Boot's
 * status aggregation makes {@code actors} {@code OUT_OF_SERVICE} as soon as one registry
 * drains or has stopped, so a load balancer sends no new work to an instance that would
 * refuse to start actors.
 */
public class ActorsHealthContributor implements CompositeHealthContributor {

	/** The name of the cluster's indicator, unless a registry has that name. */
	static final String CLUSTER = "cluster";

	private final Map<String, HealthIndicator> registries = new LinkedHashMap<>();

	/**
	 * Create the contributor.
	 * @param registries the registries to report on
	 */
	public ActorsHealthContributor(ActorRegistries registries) {
		this(registries, null);
	}

	/**
	 * Create the contributor of a member of a cluster: beside the registries, a
	 * {@link ClusterHealthIndicator} named {@value #CLUSTER} (or
	 * {@code cluster-membership} if a registry is named so).
	 * @param registries the registries to report on
	 * @param clusterOverview the cluster, or {@code null} for none
	 */
	public ActorsHealthContributor(ActorRegistries registries, @Nullable ClusterOverview clusterOverview) {
		registries.all().forEach((name, registry) -> this.registries.put(name, new RegistryHealthIndicator(registry)));
		if (clusterOverview != null) {
			this.registries.put(this.registries.containsKey(CLUSTER) ? CLUSTER + "-membership" : CLUSTER,
					new ClusterHealthIndicator(clusterOverview));
		}
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.registries.get(name);
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.registries.entrySet()
			.stream()
			.map((entry) -> new HealthContributors.Entry(entry.getKey(), entry.getValue()));
	}

}
