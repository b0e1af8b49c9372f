package dev.actorregistry.spring.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import org.jspecify.annotations.Nullable;

/**
 * The cluster of a Hazelcast member, read from its member list and its copy of the
 * partition table (no round trip to other members).
 */
public class HazelcastClusterOverview implements ClusterOverview {

	private final HazelcastInstance instance;

	private final @Nullable MemberActivity activity;

	/**
	 * Describe the cluster of a member.
	 * @param instance the member
	 * @param activity asks the members what they are doing, or {@code null} not to
	 */
	public HazelcastClusterOverview(HazelcastInstance instance, @Nullable MemberActivity activity) {
		this.instance = instance;
		this.activity = activity;
	}

	@Override
	public ClusterView viewWithActivity(Duration timeout) {
		ClusterView view = view();
		MemberActivity activity = this.activity;
		if (activity == null) {
			return view;
		}
		List<CompletableFuture<ClusterView.MemberView>> asked = view.members()
			.stream()
			.map((member) -> activity.of(member.id(), timeout)
				.toCompletableFuture()
				.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
				.handle((answer, failure) -> (answer != null) ? member.with(answer) : member))
			.toList();
		return view.withMembers(asked.stream().map(CompletableFuture::join).toList());
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
					owned.getOrDefault(member.getUuid(), 0), null, null))
			.toList();
		return new ClusterView(true, local.getUuid().toString(), partitionCount, owned.getOrDefault(local.getUuid(), 0),
				members);
	}

}
