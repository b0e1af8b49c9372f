package dev.actorregistry.spring.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;

/**
 * The cluster of a Hazelcast member, read from its member list and its copy of the
 * partition table (no round trip to other members).
 */
public class HazelcastClusterOverview implements ClusterOverview {

	private final HazelcastInstance instance;

	/**
	 * Describe the cluster of a member.
	 * @param instance the member
	 */
	public HazelcastClusterOverview(HazelcastInstance instance) {
		this.instance = instance;
	}

	@Override
	public ClusterView view() {
		if (!this.instance.getLifecycleService().isRunning()) {
			return new ClusterView(false, null, 0, 0, List.of());
		}
		Map<UUID, Integer> owned = new HashMap<>();
		int partitionCount = 0;
		for (Partition partition : this.instance.getPartitionService().getPartitions()) {
			partitionCount++;
			Member owner = partition.getOwner();
			if (owner != null) {
				owned.merge(owner.getUuid(), 1, Integer::sum);
			}
		}
		Member local = this.instance.getCluster().getLocalMember();
		List<ClusterView.MemberView> members = this.instance.getCluster()
			.getMembers()
			.stream()
			.map((member) -> new ClusterView.MemberView(member.getUuid().toString(),
					member.getAddress().getHost() + ":" + member.getAddress().getPort(), member.localMember(),
					owned.getOrDefault(member.getUuid(), 0)))
			.toList();
		return new ClusterView(true, local.getUuid().toString(), partitionCount, owned.getOrDefault(local.getUuid(), 0),
				members);
	}

}
