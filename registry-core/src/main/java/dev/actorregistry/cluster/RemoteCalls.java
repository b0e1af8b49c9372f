package dev.actorregistry.cluster;

import java.util.concurrent.CompletionStage;

import dev.actorregistry.invocation.Invocation;

/**
 * The receiving end of routed calls in one registry of this member: what the
 * {@link ActorCluster} hands each invocation that another member sent here because this
 * member owns its key.
 */
public interface RemoteCalls {

	/**
	 * Run an invocation on its actor here, as a call made in this process would.
	 * @param invocation the invocation, its arguments encoded
	 * @return completes with the encoded result; fails with a {@link RemoteCallException}
	 * of kind {@link RemoteCallException.Kind#NOT_RUN} if this member does not own the
	 * key (any more) or drains, so that the caller may try the owner again, or of kind
	 * {@link RemoteCallException.Kind#FAILED} with what the actor's operation threw
	 */
	CompletionStage<byte[]> handle(Invocation invocation);

	/**
	 * Whether this end has let go of every key it held: what a leaving member waits for
	 * before it closes its connections, so that no answer of a call it ran is lost.
	 * @return true once it runs no actor (true by default, for ends that hold none)
	 */
	default boolean holdsNoActor() {
		return true;
	}

}
