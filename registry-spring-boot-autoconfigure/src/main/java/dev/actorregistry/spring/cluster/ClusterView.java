package dev.actorregistry.spring.cluster;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The cluster as one member sees it.
 *
 * @param running whether this member is running (false once it shut down)
 * @param localMember this member's id, or {@code null} once it shut down
 * @param partitionCount how many partitions the keys are spread over
 * @param partitionsOwnedHere how many of them this member owns
 * @param members every member, this one among them
 */
public record ClusterView(boolean running, @Nullable String localMember, int partitionCount, int partitionsOwnedHere,
		List<MemberView> members) {

	/**
	 * One member of the cluster.
	 *
	 * @param id its id, as placements name owners
	 * @param address where it listens, {@code host:port}
	 * @param local whether it is this member
	 * @param partitionsOwned how many partitions it owns
	 */
	public record MemberView(String id, String address, boolean local, int partitionsOwned) {
	}

}
