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
	 * @param liveActors how many actors of its clustered registries are live there, or
	 * {@code null} when it did not answer in time (or was not asked)
	 * @param handOffsInProgress how many partitions it holds back while their old owners
	 * release them, or {@code null} when it did not answer in time (or was not asked)
	 */
	public record MemberView(String id, String address, boolean local, int partitionsOwned,
			@Nullable Integer liveActors, @Nullable Integer handOffsInProgress) {

		/**
		 * This member with its activity.
		 * @param activity what it answered
		 * @return the member with it
		 */
		public MemberView with(MemberActivity.Activity activity) {
			return new MemberView(this.id, this.address, this.local, this.partitionsOwned, activity.liveActors(),
					activity.handOffsInProgress());
		}

	}

	/**
	 * This view with other members.
	 * @param members the members
	 * @return the view
	 */
	public ClusterView withMembers(List<MemberView> members) {
		return new ClusterView(this.running, this.localMember, this.partitionCount, this.partitionsOwnedHere, members);
	}

}
