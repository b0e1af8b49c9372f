package dev.actorregistry.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.invocation.Invocation;

/**
 * A cluster of processes (members) that share their registries' keys: each key is owned
 * by one member, which hosts its actor, and calls by key are carried to it. Implemented
 * by a cluster engine (Hazelcast, in the {@code registry-cluster-hazelcast} module); the
 * registry asks it where a key lives before each call by key, and sends what it does not
 * own.
 * <p>
 * Placement is computed from this member's copy of the engine's partition table, with no
 * round trip; it is eventually consistent while partitions move, which is why the member
 * that receives a call checks again that it owns the key, and why the state store's
 * revision stays the fence against two writers.
 */
public interface ActorCluster {

	/**
	 * This member's id in the cluster.
	 * @return the id
	 */
	String localMember();

	/**
	 * Where a key's actor lives now.
	 * @param registry the registry's name
	 * @param key the key, as text ({@link String#valueOf})
	 * @return its partition and owner
	 */
	Placement placementOf(String registry, String key);

	/**
	 * Carry an invocation to a member, to run there by the {@link RemoteCalls} its
	 * registry serves. Never runs a call twice: a call whose member left after it was
	 * sent fails as {@link RemoteCallException.Kind#OUTCOME_UNKNOWN}, not silently again.
	 * @param member the member's id
	 * @param invocation the invocation
	 * @param timeout how long to wait for the answer
	 * @return completes with the encoded result; fails with a {@link RemoteCallException}
	 */
	CompletionStage<byte[]> call(String member, Invocation invocation, Duration timeout);

	/**
	 * Serve the calls routed to a registry of this member.
	 * @param registry the registry's name
	 * @param calls runs them
	 */
	void serve(String registry, RemoteCalls calls);

	/**
	 * Stop serving a registry's calls, as it drains: calls that arrive after fail as
	 * {@link RemoteCallException.Kind#NOT_RUN}.
	 * @param registry the registry's name
	 * @param calls what {@link #serve} was given
	 */
	void stopServing(String registry, RemoteCalls calls);

	/**
	 * Be told when the ownership of keys may have changed: a member joined or left, or
	 * partitions moved. The registry then passivates, with a final save, the actors whose
	 * keys this member no longer owns. Called on the engine's threads; the listener
	 * returns at once.
	 * @param listener what to run
	 */
	default void onOwnershipChange(Runnable listener) {
	}

	/**
	 * The owner of every partition now, by partition: what a registry compares after a
	 * {@link #onOwnershipChange change} to find the partitions that came to this member,
	 * and from whom, for the hand-off. An engine that cannot tell returns an empty list,
	 * and its registries do without a hand-off.
	 * @return each partition's owner's id, or null where none
	 */
	default List<@Nullable String> partitionOwners() {
		return List.of();
	}

	/**
	 * Hand this member's keys to the other members, then leave the cluster: called once,
	 * as the application shuts down, before its registries drain. While the engine moves
	 * the partitions away, this member still runs the calls for the keys it owns and
	 * answers the hand-offs' requests, so that callers see no failure; its registries
	 * stop each moved actor with its final save. Returns when this member owns no key, or
	 * when the engine gave up. An engine that cannot move keys ahead of its own shutdown
	 * does nothing here, and its keys move when it stops.
	 */
	default void leave() {
	}

	/**
	 * The members of the cluster now.
	 * @return their ids
	 */
	default Set<String> members() {
		return Set.of(localMember());
	}

}
