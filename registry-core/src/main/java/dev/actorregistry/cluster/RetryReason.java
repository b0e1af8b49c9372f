package dev.actorregistry.cluster;

/**
 * Why a call by key in a cluster was not run and is tried again, within its deadline.
 */
public enum RetryReason {

	/** No member owned the key's partition: members were joining or leaving. */
	NO_OWNER,

	/**
	 * The key's partition had come to this member, and its old owner had not yet stopped
	 * the key's actor with its final save.
	 */
	HAND_OFF,

	/**
	 * The member the call was sent to did not run it: it no longer owned the key, its
	 * hand-off was under way there, or it was leaving.
	 */
	NOT_RUN_BY_OWNER

}
