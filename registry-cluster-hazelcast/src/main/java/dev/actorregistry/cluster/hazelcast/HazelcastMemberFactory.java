package dev.actorregistry.cluster.hazelcast;

import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import dev.actorregistry.cluster.hazelcast.HazelcastMemberSettings.KubernetesDiscovery;

/**
 * Creates the embedded Hazelcast member dedicated to a process's actors, with defaults
 * that suit a member inside an application: no multicast (members are listed), no
 * phone-home, bound to the configured interface only, no JVM shutdown hook (the
 * application closes the member in its own order, after its actors handed their keys
 * away), failure detection in seconds, and calls whose member died reported as failed
 * rather than silently run again.
 */
public final class HazelcastMemberFactory {

	private HazelcastMemberFactory() {
	}

	/**
	 * The configuration of a member from settings, ready for
	 * {@link Hazelcast#newHazelcastInstance(Config)}: what {@link HazelcastActorCluster}
	 * needs ({@link HazelcastActorCluster#configure}) and the defaults above.
	 * @param settings the settings
	 * @return a new configuration
	 */
	public static Config config(HazelcastMemberSettings settings) {
		Config config = new Config().setClusterName(settings.clusterName());
		// Each member gets a name of its own: Hazelcast's threads carry it, and two
		// members
		// in one JVM (as in tests) must not share one.
		config.setInstanceName("actors-" + UUID.randomUUID());
		config.setProperty("hazelcast.logging.type", settings.loggingType());
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.shutdownhook.enabled", "false");
		config.setProperty("hazelcast.socket.bind.any", "false");
		// Members are listed: probing them is enough, without Hazelcast's 5 s pause
		// first.
		config.setProperty("hazelcast.wait.seconds.before.join", "0");
		config.setProperty("hazelcast.heartbeat.interval.seconds",
				Long.toString(HazelcastMemberSettings.wholeSeconds(settings.heartbeatInterval())));
		config.setProperty("hazelcast.max.no.heartbeat.seconds",
				Long.toString(HazelcastMemberSettings.wholeSeconds(settings.heartbeatTimeout())));
		// Hazelcast re-runs an operation whose member left before answering, by default;
		// for an actor's call that can mean running it twice.
		config.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
		// A leave (HazelcastActorCluster.leave) waits for the partitions to move: bounded
		// by the application's shutdown, not Hazelcast's 10 minutes.
		config.setProperty("hazelcast.graceful.shutdown.max.wait",
				Long.toString(HazelcastMemberSettings.wholeSeconds(settings.leaveTimeout())));
		NetworkConfig network = config.getNetworkConfig()
			.setPort(settings.port())
			.setPortCount(settings.portCount())
			.setPortAutoIncrement(settings.portCount() > 1);
		network.getInterfaces().setEnabled(true).addInterface(settings.bindInterface());
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		KubernetesDiscovery kubernetes = settings.kubernetes();
		if (kubernetes == null) {
			join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(settings.members());
		}
		else {
			join.getTcpIpConfig().setEnabled(false);
			KubernetesConfig discovery = join.getKubernetesConfig().setEnabled(true);
			setIfGiven(discovery, "service-dns", kubernetes.serviceDns());
			setIfGiven(discovery, "namespace", kubernetes.namespace());
			setIfGiven(discovery, "service-name", kubernetes.serviceName());
		}
		HazelcastActorCluster.configure(config, settings.executorPoolSize());
		return config;
	}

	private static void setIfGiven(KubernetesConfig discovery, String property, String value) {
		if (!value.isEmpty()) {
			discovery.setProperty(property, value);
		}
	}

	/**
	 * Start a member from settings; it joins the listed members that are up.
	 * @param settings the settings
	 * @return the running member
	 */
	public static HazelcastInstance start(HazelcastMemberSettings settings) {
		return Hazelcast.newHazelcastInstance(config(settings));
	}

}
