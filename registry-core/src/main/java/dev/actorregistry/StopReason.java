package dev.actorregistry;

/**
 * Why an actor instance stopped.
 */
public enum StopReason {

	/**
	 * Stopped on request: {@link ActorRegistry#stop} or {@link ActorContext#stopSelf}.
	 */
	STOPPED,

	/** Passivated after being idle longer than the registry's idle timeout. */
	IDLE,

	/** Passivated to make room: the registry had more live actors than its maximum. */
	EVICTED,

	/** A message failed and the failure policy is {@link FailurePolicy#STOP}. */
	FAILED,

	/** Replaced by a fresh instance after a failure; the key stays live. */
	RESTARTED,

	/** Stopped by {@link ActorRegistry#drain}. */
	DRAINED,

	/**
	 * Passivated because its key moved to another member of the cluster, which hosts it
	 * from now on.
	 */
	MIGRATED

}
