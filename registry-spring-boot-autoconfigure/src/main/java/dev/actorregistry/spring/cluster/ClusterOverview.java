package dev.actorregistry.spring.cluster;

/**
 * The cluster's members as this member sees them now, for the actuator endpoint and
 * health; implemented for each cluster engine.
 */
@FunctionalInterface
public interface ClusterOverview {

	/**
	 * The cluster now.
	 * @return its members and this member's part in it
	 */
	ClusterView view();

}
