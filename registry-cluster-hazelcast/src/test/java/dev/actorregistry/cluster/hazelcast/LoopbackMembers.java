package dev.actorregistry.cluster.hazelcast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.hazelcast.core.HazelcastInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real Hazelcast members on 127.0.0.1 for tests: free ports, a cluster name of their own
 * (so that no other test's members join), waits with deadlines for the cluster to form,
 * and a close that checks that the members' threads ended.
 */
final class LoopbackMembers implements AutoCloseable {

	static final Duration FORMATION_DEADLINE = Duration.ofSeconds(60);

	private final List<HazelcastActorCluster> clusters = new ArrayList<>();

	private final HazelcastMemberSettings settings;

	private final long formationMillis;

	private LoopbackMembers(int count, UnaryOperator<HazelcastMemberSettings> customize) {
		List<String> addresses = new ArrayList<>();
		for (int port : freePorts(count)) {
			addresses.add("127.0.0.1:" + port);
		}
		this.settings = customize.apply(HazelcastMemberSettings.defaults()
			.withClusterName("actors-test-" + UUID.randomUUID())
			.withMembers(addresses)
			.withExecutorPoolSize(4));
		long started = System.nanoTime();
		try {
			for (String address : addresses) {
				int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
				this.clusters.add(HazelcastActorCluster.start(this.settings.withPort(port, 1)));
			}
			awaitFormed(count);
		}
		catch (RuntimeException | Error ex) {
			close();
			throw ex;
		}
		this.formationMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
	}

	/**
	 * Start members and wait until each sees all of them and every partition has an owner
	 * with its backups in place.
	 * @param count how many
	 * @return the members
	 */
	static LoopbackMembers start(int count) {
		return new LoopbackMembers(count, UnaryOperator.identity());
	}

	/**
	 * Start members with settings of the test's own, and wait as {@link #start(int)}
	 * does.
	 * @param count how many
	 * @param customize changes the settings every member starts with
	 * @return the members
	 */
	static LoopbackMembers start(int count, UnaryOperator<HazelcastMemberSettings> customize) {
		return new LoopbackMembers(count, customize);
	}

	HazelcastActorCluster get(int index) {
		return this.clusters.get(index);
	}

	List<HazelcastActorCluster> all() {
		return List.copyOf(this.clusters);
	}

	long formationMillis() {
		return this.formationMillis;
	}

	private void awaitFormed(int count) {
		await("a cluster of " + count + " members, every partition owned").atMost(FORMATION_DEADLINE)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.clusters.stream()
				.map(HazelcastActorCluster::instance)
				.allMatch((member) -> member.getCluster().getMembers().size() == count
						&& member.getPartitionService().isClusterSafe()));
	}

	/**
	 * Close every member's cluster (shutting down the members still up), and wait until
	 * none of their threads runs.
	 */
	@Override
	public void close() {
		List<String> names = new ArrayList<>();
		for (HazelcastActorCluster cluster : this.clusters) {
			HazelcastInstance instance = cluster.instance();
			names.add(instance.getName());
			// also a member that left or was closed already: close is safe twice, and it
			// ends the cluster's own threads, which a leave leaves running
			cluster.close();
		}
		await("the members' threads to end").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(liveThreadsOf(names)).isEmpty());
	}

	static List<String> liveThreadsOf(List<String> instanceNames) {
		List<String> live = new ArrayList<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.isAlive() && instanceNames.stream().anyMatch((name) -> thread.getName().contains(name))) {
				live.add(thread.getName());
			}
		}
		return live;
	}

	static List<Integer> freePorts(int count) {
		// Ports the kernel hands out now; each member then binds exactly its own, so that
		// no probing of a port range is needed.
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing a listening socket we opened; nothing to do
				}
			}
		}
	}

}
