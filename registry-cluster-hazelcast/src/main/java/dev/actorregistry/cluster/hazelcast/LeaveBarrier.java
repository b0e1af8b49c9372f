package dev.actorregistry.cluster.hazelcast;

import java.util.concurrent.TimeUnit;

import com.hazelcast.config.Config;
import com.hazelcast.config.ConfigAccessor;
import com.hazelcast.config.ServiceConfig;
import com.hazelcast.internal.services.GracefulShutdownAwareService;
import org.jspecify.annotations.Nullable;

/**
 * Holds a member's graceful shutdown until the calls it ran have answered. Hazelcast
 * moves a leaving member's partitions away and then closes its connections at once, while
 * the registries may still be stopping the moved actors and answering the calls queued
 * for them: those answers would be lost, and their callers would see calls that ran as
 * "outcome unknown". Registered as a service of the member's configuration, it is one of
 * those Hazelcast waits for before it closes anything.
 * <p>
 * It relies on Hazelcast's {@code GracefulShutdownAwareService}, an internal interface
 * (present in 5.5 and 5.7); without it a leave still moves the keys, with that window
 * open.
 */
final class LeaveBarrier implements GracefulShutdownAwareService {

	static final String SERVICE_NAME = "actor-registry:leave-barrier";

	private volatile @Nullable HazelcastActorCluster cluster;

	/** Register a barrier in a member's configuration. */
	static void register(Config config) {
		if (ConfigAccessor.getServicesConfig(config).getServiceConfig(SERVICE_NAME) == null) {
			ConfigAccessor.getServicesConfig(config)
				.addServiceConfig(new ServiceConfig().setEnabled(true)
					.setName(SERVICE_NAME)
					.setImplementation(new LeaveBarrier()));
		}
	}

	/**
	 * Tell the barrier of a member's configuration, if it has one, which cluster it
	 * holds.
	 */
	static void attach(Config config, HazelcastActorCluster cluster) {
		ServiceConfig service = ConfigAccessor.getServicesConfig(config).getServiceConfig(SERVICE_NAME);
		if (service != null && service.getImplementation() instanceof LeaveBarrier barrier) {
			barrier.cluster = cluster;
		}
	}

	@Override
	public boolean onShutdown(long timeout, TimeUnit unit) {
		HazelcastActorCluster held = this.cluster;
		return held == null || held.awaitCallsAnswered(System.nanoTime() + unit.toNanos(timeout));
	}

}
