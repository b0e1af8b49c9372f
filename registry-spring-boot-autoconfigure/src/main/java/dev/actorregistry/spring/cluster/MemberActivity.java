package dev.actorregistry.spring.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import dev.actorregistry.RegistryListener;
import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.cluster.RemoteCalls;
import dev.actorregistry.invocation.Invocation;

/**
 * What this member of the cluster is doing: how many actors of its clustered registries
 * are live here, and how many partitions it holds back while their old owners release
 * them. It answers the other members' actuator endpoints on the service
 * {@value #SERVICE}, and, as a {@link RegistryListener}, follows the hand-offs of every
 * registry.
 */
public class MemberActivity implements RegistryListener, RemoteCalls, AutoCloseable {

	/** The service other members ask under. */
	public static final String SERVICE = "actor-registry.member-activity";

	private final ActorCluster cluster;

	private final IntSupplier liveActors;

	/** The hand-offs under way, as {@code registry/partition}. */
	private final Set<String> handOffs = ConcurrentHashMap.newKeySet();

	/**
	 * Create the activity of this member, and serve it to the others.
	 * @param cluster the cluster
	 * @param liveActors counts the live actors of this member's clustered registries
	 */
	public MemberActivity(ActorCluster cluster, IntSupplier liveActors) {
		this.cluster = cluster;
		this.liveActors = liveActors;
		cluster.serve(SERVICE, this);
	}

	/**
	 * This member's activity now.
	 * @return it
	 */
	public Activity local() {
		return new Activity(this.liveActors.getAsInt(), this.handOffs.size());
	}

	/**
	 * Ask another member for its activity.
	 * @param member the member's id
	 * @param timeout how long to wait for its answer
	 * @return completes with its activity; fails if it does not answer in time
	 */
	public CompletionStage<Activity> of(String member, Duration timeout) {
		if (member.equals(this.cluster.localMember())) {
			return CompletableFuture.completedFuture(local());
		}
		Invocation ask = new Invocation(UUID.randomUUID().toString(), SERVICE, member, MemberActivity.class.getName(),
				"activity", new byte[0]);
		return this.cluster.call(member, ask, timeout).thenApply(Activity::decode);
	}

	@Override
	public CompletionStage<byte[]> handle(Invocation invocation) {
		return CompletableFuture.completedFuture(local().encode());
	}

	@Override
	public void handOffStarted(String registry, int partition, String from) {
		this.handOffs.add(registry + "/" + partition);
	}

	@Override
	public void handOffEnded(String registry, int partition, long nanos, boolean released) {
		this.handOffs.remove(registry + "/" + partition);
	}

	/** Stop answering the other members. */
	@Override
	public void close() {
		this.cluster.stopServing(SERVICE, this);
	}

	/**
	 * One member's activity.
	 *
	 * @param liveActors the live actors of its clustered registries
	 * @param handOffsInProgress the partitions it holds back while their old owners
	 * release them
	 */
	public record Activity(int liveActors, int handOffsInProgress) {

		byte[] encode() {
			return (this.liveActors + ";" + this.handOffsInProgress).getBytes(StandardCharsets.US_ASCII);
		}

		static Activity decode(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.US_ASCII);
			int separator = text.indexOf(';');
			return new Activity(Integer.parseInt(text.substring(0, separator)),
					Integer.parseInt(text.substring(separator + 1)));
		}

	}

}
