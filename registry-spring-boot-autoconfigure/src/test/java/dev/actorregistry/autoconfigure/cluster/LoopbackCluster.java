package dev.actorregistry.autoconfigure.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import com.hazelcast.core.HazelcastInstance;

/**
 * What tests of Hazelcast members on the loopback interface share: free ports for the
 * members, and whether the members formed one settled cluster.
 */
final class LoopbackCluster {

	private LoopbackCluster() {
	}

	/**
	 * Ports free on the loopback interface now.
	 * @param count how many
	 * @return the ports
	 * @throws IOException if no port could be opened
	 */
	static List<Integer> freePorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	/**
	 * Whether every member sees all of them and no other, every partition has an owner,
	 * and no partition is moving: the stable membership under which each key has one
	 * activation.
	 * @param members the members
	 * @return whether they formed a settled cluster
	 */
	static boolean isFormed(List<HazelcastInstance> members) {
		for (HazelcastInstance instance : members) {
			if (instance.getCluster().getMembers().size() != members.size()) {
				return false;
			}
			// asking for owners makes the master assign the partitions if it has not
			boolean allOwned = instance.getPartitionService()
				.getPartitions()
				.stream()
				.allMatch((partition) -> partition.getOwner() != null);
			if (!allOwned || !instance.getPartitionService().isClusterSafe()) {
				return false;
			}
		}
		return true;
	}

}
