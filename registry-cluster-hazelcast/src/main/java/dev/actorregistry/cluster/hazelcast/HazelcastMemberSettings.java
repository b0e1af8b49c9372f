package dev.actorregistry.cluster.hazelcast;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How {@link HazelcastMemberFactory} creates the embedded member that hosts a process's
 * actors. Start from {@link #defaults()} and change what differs with the {@code with…}
 * methods.
 *
 * @param clusterName the cluster's name: members join only a cluster of the same name
 * @param members the addresses ({@code host} or {@code host:port}) of the members to join
 * by TCP-IP; may include this member's own
 * @param kubernetes how to find the other members in Kubernetes instead, or {@code null}
 * to join the listed members
 * @param port the port this member listens on
 * @param portCount how many ports from {@code port} up this member may try when
 * {@code port} is taken (1: only {@code port})
 * @param bindInterface the only network interface this member binds to and announces (an
 * IP address, wildcards such as {@code 10.0.*.*} allowed)
 * @param heartbeatInterval how often members send heartbeats
 * @param heartbeatTimeout after how long without a heartbeat a member is declared dead
 * and its partitions move to the survivors
 * @param leaveTimeout how long a leaving member waits for its partitions to move to the
 * others before it leaves without them
 * @param executorPoolSize the threads that run routed invocations on this member
 * @param loggingType Hazelcast's logging ({@code jdk} or {@code slf4j})
 * @param minimumClusterSize how many members this member must see to own keys: below it,
 * it owns none, and its calls by key wait for the cluster to be whole again (protection
 * of the minority side of a network partition; 1, the default, turns it off)
 */
public record HazelcastMemberSettings(String clusterName, List<String> members,
		@Nullable KubernetesDiscovery kubernetes, int port, int portCount, String bindInterface,
		Duration heartbeatInterval, Duration heartbeatTimeout, Duration leaveTimeout, int executorPoolSize,
		String loggingType, int minimumClusterSize) {

	/** The port Hazelcast members listen on by default. */
	public static final int DEFAULT_PORT = 5701;

	/**
	 * Create settings, checking them.
	 * @param clusterName the cluster's name
	 * @param members the addresses of the members to join
	 * @param kubernetes how to find the members in Kubernetes, or {@code null}
	 * @param port the port this member listens on
	 * @param portCount how many ports from {@code port} up it may try
	 * @param bindInterface the interface it binds to
	 * @param heartbeatInterval how often it sends heartbeats
	 * @param heartbeatTimeout after how long without a heartbeat a member is dead
	 * @param leaveTimeout how long a leaving member waits for its partitions to move
	 * @param executorPoolSize the threads that run routed invocations
	 * @param loggingType Hazelcast's logging
	 * @param minimumClusterSize how many members this member must see to own keys
	 */
	public HazelcastMemberSettings {
		Objects.requireNonNull(clusterName, "clusterName must not be null");
		members = List.copyOf(members);
		Objects.requireNonNull(bindInterface, "bindInterface must not be null");
		Objects.requireNonNull(loggingType, "loggingType must not be null");
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
		}
		if (portCount < 1) {
			throw new IllegalArgumentException("portCount must be at least 1, not " + portCount);
		}
		if (wholeSeconds(heartbeatInterval) >= wholeSeconds(heartbeatTimeout)) {
			throw new IllegalArgumentException("heartbeatTimeout (" + heartbeatTimeout
					+ ") must be longer than heartbeatInterval (" + heartbeatInterval + ")");
		}
		if (leaveTimeout.toSeconds() < 1) {
			throw new IllegalArgumentException("leaveTimeout must be at least 1 s, not " + leaveTimeout);
		}
		if (minimumClusterSize < 1) {
			throw new IllegalArgumentException("minimumClusterSize must be at least 1, not " + minimumClusterSize);
		}
		if (executorPoolSize < 1) {
			throw new IllegalArgumentException("executorPoolSize must be at least 1, not " + executorPoolSize);
		}
	}

	/**
	 * Settings for a member alone on this machine's loopback interface: cluster
	 * {@code actors}, port 5701 and the two above it, a heartbeat each second and a
	 * member declared dead after 10 s of silence (not Hazelcast's minute), a leave that
	 * waits up to 60 s for the partitions to move (not Hazelcast's 10 minutes), 8
	 * invocation threads, and the logging SLF4J gives when it is present, else the JDK's.
	 * @return the settings
	 */
	public static HazelcastMemberSettings defaults() {
		return new HazelcastMemberSettings("actors", List.of(), null, DEFAULT_PORT, 3, "127.0.0.1",
				Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60), 8,
				slf4jPresent() ? "slf4j" : "jdk", 1);
	}

	/**
	 * These settings with another cluster name.
	 * @param clusterName the cluster's name
	 * @return the settings
	 */
	public HazelcastMemberSettings withClusterName(String clusterName) {
		return new HazelcastMemberSettings(clusterName, this.members, this.kubernetes, this.port, this.portCount,
				this.bindInterface, this.heartbeatInterval, this.heartbeatTimeout, this.leaveTimeout,
				this.executorPoolSize, this.loggingType, this.minimumClusterSize);
	}

	/**
	 * These settings with other members to join by TCP-IP (and no Kubernetes discovery).
	 * @param members their addresses, {@code host} or {@code host:port}
	 * @return the settings
	 */
	public HazelcastMemberSettings withMembers(List<String> members) {
		return new HazelcastMemberSettings(this.clusterName, members, null, this.port, this.portCount,
				this.bindInterface, this.heartbeatInterval, this.heartbeatTimeout, this.leaveTimeout,
				this.executorPoolSize, this.loggingType, this.minimumClusterSize);
	}

	/**
	 * These settings with the members found in Kubernetes (and none listed).
	 * @param kubernetes how to find them
	 * @return the settings
	 */
	public HazelcastMemberSettings withKubernetes(KubernetesDiscovery kubernetes) {
		return new HazelcastMemberSettings(this.clusterName, List.of(), Objects.requireNonNull(kubernetes), this.port,
				this.portCount, this.bindInterface, this.heartbeatInterval, this.heartbeatTimeout, this.leaveTimeout,
				this.executorPoolSize, this.loggingType, this.minimumClusterSize);
	}

	/**
	 * These settings with another port.
	 * @param port the port this member listens on
	 * @param portCount how many ports from it up it may try (1: only this one)
	 * @return the settings
	 */
	public HazelcastMemberSettings withPort(int port, int portCount) {
		return new HazelcastMemberSettings(this.clusterName, this.members, this.kubernetes, port, portCount,
				this.bindInterface, this.heartbeatInterval, this.heartbeatTimeout, this.leaveTimeout,
				this.executorPoolSize, this.loggingType, this.minimumClusterSize);
	}

	/**
	 * These settings with another interface to bind to.
	 * @param bindInterface an IP address, wildcards allowed
	 * @return the settings
	 */
	public HazelcastMemberSettings withBindInterface(String bindInterface) {
		return new HazelcastMemberSettings(this.clusterName, this.members, this.kubernetes, this.port, this.portCount,
				bindInterface, this.heartbeatInterval, this.heartbeatTimeout, this.leaveTimeout, this.executorPoolSize,
				this.loggingType, this.minimumClusterSize);
	}

	/**
	 * These settings with another failure detection.
	 * @param heartbeatInterval how often members send heartbeats (whole seconds)
	 * @param heartbeatTimeout after how long without one a member is dead (whole seconds)
	 * @return the settings
	 */
	public HazelcastMemberSettings withHeartbeat(Duration heartbeatInterval, Duration heartbeatTimeout) {
		return new HazelcastMemberSettings(this.clusterName, this.members, this.kubernetes, this.port, this.portCount,
				this.bindInterface, heartbeatInterval, heartbeatTimeout, this.leaveTimeout, this.executorPoolSize,
				this.loggingType, this.minimumClusterSize);
	}

	/**
	 * These settings with another bound on a graceful leave.
	 * @param leaveTimeout how long a leaving member waits for its partitions to move
	 * (whole seconds)
	 * @return the settings
	 */
	public HazelcastMemberSettings withLeaveTimeout(Duration leaveTimeout) {
		return new HazelcastMemberSettings(this.clusterName, this.members, this.kubernetes, this.port, this.portCount,
				this.bindInterface, this.heartbeatInterval, this.heartbeatTimeout, leaveTimeout, this.executorPoolSize,
				this.loggingType, this.minimumClusterSize);
	}

	/**
	 * These settings with another number of invocation threads.
	 * @param executorPoolSize the threads that run routed invocations on this member
	 * @return the settings
	 */
	public HazelcastMemberSettings withExecutorPoolSize(int executorPoolSize) {
		return new HazelcastMemberSettings(this.clusterName, this.members, this.kubernetes, this.port, this.portCount,
				this.bindInterface, this.heartbeatInterval, this.heartbeatTimeout, this.leaveTimeout, executorPoolSize,
				this.loggingType, this.minimumClusterSize);
	}

	/**
	 * These settings with another minimum cluster size.
	 * @param minimumClusterSize how many members this member must see to own keys (1: any
	 * number)
	 * @return the settings
	 */
	public HazelcastMemberSettings withMinimumClusterSize(int minimumClusterSize) {
		return new HazelcastMemberSettings(this.clusterName, this.members, this.kubernetes, this.port, this.portCount,
				this.bindInterface, this.heartbeatInterval, this.heartbeatTimeout, this.leaveTimeout,
				this.executorPoolSize, this.loggingType, minimumClusterSize);
	}

	static long wholeSeconds(Duration duration) {
		// Hazelcast's heartbeat properties are whole seconds; less than one is one.
		return Math.max(1, duration.toSeconds());
	}

	private static boolean slf4jPresent() {
		try {
			Class.forName("org.slf4j.LoggerFactory", false, HazelcastMemberSettings.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	/**
	 * How a member finds the others in Kubernetes: by the DNS name of a headless service
	 * that selects the application's pods (no access to the Kubernetes API needed), or,
	 * when that is empty, through the Kubernetes API by namespace and service name (the
	 * pod's service account must be allowed to read endpoints and pods).
	 *
	 * @param serviceDns the headless service's DNS name, such as
	 * {@code bank-actors.default.svc.cluster.local}, or empty to use the API
	 * @param namespace the namespace to look in through the API, or empty for the pod's
	 * own
	 * @param serviceName the service whose endpoints are the members, through the API, or
	 * empty for every pod of the namespace
	 */
	public record KubernetesDiscovery(String serviceDns, String namespace, String serviceName) {

		/**
		 * Check the discovery.
		 * @param serviceDns the headless service's DNS name, or empty
		 * @param namespace the namespace, or empty
		 * @param serviceName the service's name, or empty
		 */
		public KubernetesDiscovery {
			Objects.requireNonNull(serviceDns, "serviceDns must not be null");
			Objects.requireNonNull(namespace, "namespace must not be null");
			Objects.requireNonNull(serviceName, "serviceName must not be null");
			if (!serviceDns.isEmpty() && !(namespace.isEmpty() && serviceName.isEmpty())) {
				throw new IllegalArgumentException(
						"Give either serviceDns (DNS lookup) or namespace and serviceName (the Kubernetes API), not both");
			}
		}

		/**
		 * Discovery through the DNS name of a headless service.
		 * @param serviceDns its DNS name
		 * @return the discovery
		 */
		public static KubernetesDiscovery byDns(String serviceDns) {
			return new KubernetesDiscovery(serviceDns, "", "");
		}

	}

}
