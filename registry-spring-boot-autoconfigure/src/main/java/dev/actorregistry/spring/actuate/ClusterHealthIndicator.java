package dev.actorregistry.spring.actuate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.actorregistry.spring.cluster.ClusterOverview;
import dev.actorregistry.spring.cluster.ClusterView;

/**
 * The health of this member's part in the cluster: {@code UP} while its member runs, with
 * how many members it sees and how many partitions it owns; {@code DOWN} once the member
 * stopped (its clustered registries can then neither serve nor forward calls). It does
 * not judge the cluster's size: a member alone is a cluster of one, which serves every
 * key.
 */
public class ClusterHealthIndicator implements HealthIndicator {

	private final ClusterOverview overview;

	/**
	 * Create the indicator.
	 * @param overview the cluster as this member sees it
	 */
	public ClusterHealthIndicator(ClusterOverview overview) {
		this.overview = overview;
	}

	@Override
	public Health health() {
		ClusterView view = this.overview.view();
		if (!view.running() || view.localMember() == null) {
			return Health.down().withDetail("reason", "this member's cluster engine has stopped").build();
		}
		return Health.up()
			.withDetail("localMember", view.localMember())
			.withDetail("members", view.members().size())
			.withDetail("partitionsOwnedHere", view.partitionsOwnedHere())
			.build();
	}

}
