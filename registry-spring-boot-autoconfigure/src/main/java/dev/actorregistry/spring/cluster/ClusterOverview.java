package dev.actorregistry.spring.cluster;

import java.time.Duration;

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

	/**
	 * The cluster now, with each member's activity (its live actors, its hand-offs under
	 * way), asked of every member at once: for the actuator endpoint, not for health
	 * checks, which must not wait on other members.
	 * @param timeout how long to wait for the members' answers; a member that does not
	 * answer in time is shown without its activity
	 * @return its members and their activity
	 */
	default ClusterView viewWithActivity(Duration timeout) {
		return view();
	}

}
