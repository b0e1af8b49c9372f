package dev.actorregistry.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.cluster.Placement;
import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.cluster.RemoteCalls;
import dev.actorregistry.invocation.Invocation;

/**
 * A cluster of members in one process, for tests of clustered registries without an
 * engine: each member is an {@link ActorCluster} view ({@link #member}); keys fall in
 * {@value #PARTITIONS} partitions by their hash, the test decides which member owns which
 * partition ({@link #assign}, which tells every member's listeners, as an engine's
 * migration would), and a call is carried to the owner's registry on another thread, its
 * arguments and result as bytes, as a network would carry them.
 */
public final class InProcessCluster {

	/** How many partitions the keys fall in. */
	public static final int PARTITIONS = 271;

	private final Map<String, Map<String, RemoteCalls>> served = new ConcurrentHashMap<>();

	private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();

	private final Set<String> members = ConcurrentHashMap.newKeySet();

	private final Executor network;

	private volatile IntFunction<@Nullable String> owners;

	/**
	 * A cluster whose partitions are spread over the given members in turn.
	 * @param members the members' ids
	 */
	public InProcessCluster(String... members) {
		this.network = ForkJoinPool.commonPool();
		this.members.addAll(List.of(members));
		this.owners = spread(members);
	}

	/**
	 * Partitions spread over members in turn.
	 * @param members the members' ids
	 * @return the owner of each partition
	 */
	public static IntFunction<@Nullable String> spread(String... members) {
		return (partition) -> members[partition % members.length];
	}

	/**
	 * Decide who owns which partition from now on, as a rebalancing would, and tell every
	 * member's listeners, on another thread.
	 * @param owners the owner of a partition, or null for none
	 */
	public void assign(IntFunction<@Nullable String> owners) {
		this.owners = Objects.requireNonNull(owners, "owners must not be null");
		this.listeners.values().forEach((each) -> each.forEach((listener) -> this.network.execute(listener)));
	}

	/**
	 * A member leaves the cluster: it is no longer among the members.
	 * @param member the member's id
	 */
	public void leave(String member) {
		this.members.remove(member);
	}

	/**
	 * The partition of a key.
	 * @param key the key, as text
	 * @return its partition
	 */
	public static int partitionOf(String key) {
		return Math.floorMod(key.hashCode(), PARTITIONS);
	}

	/**
	 * The owner of a key now.
	 * @param key the key, as text
	 * @return the member's id, or null
	 */
	public @Nullable String ownerOf(String key) {
		return this.owners.apply(partitionOf(key));
	}

	/**
	 * One member's view of the cluster, to build its registries with.
	 * @param id the member's id
	 * @return its view
	 */
	public ActorCluster member(String id) {
		return new Member(id);
	}

	private final class Member implements ActorCluster {

		private final String id;

		Member(String id) {
			this.id = id;
		}

		@Override
		public String localMember() {
			return this.id;
		}

		@Override
		public Placement placementOf(String registry, String key) {
			String owner = ownerOf(key);
			return new Placement(partitionOf(key), owner, this.id.equals(owner));
		}

		@Override
		public void onOwnershipChange(Runnable listener) {
			InProcessCluster.this.listeners.computeIfAbsent(this.id, (absent) -> new CopyOnWriteArrayList<>())
				.add(listener);
		}

		@Override
		public List<@Nullable String> partitionOwners() {
			IntFunction<@Nullable String> owners = InProcessCluster.this.owners;
			List<@Nullable String> table = new ArrayList<>(PARTITIONS);
			for (int partition = 0; partition < PARTITIONS; partition++) {
				table.add(owners.apply(partition));
			}
			return table;
		}

		@Override
		public Set<String> members() {
			return Set.copyOf(InProcessCluster.this.members);
		}

		@Override
		public CompletionStage<byte[]> call(String member, Invocation invocation, Duration timeout) {
			RemoteCalls calls = InProcessCluster.this.served.getOrDefault(member, Map.of()).get(invocation.registry());
			if (calls == null) {
				return CompletableFuture.failedFuture(new RemoteCallException(invocation.registry(), invocation.key(),
						RemoteCallException.Kind.NOT_RUN, null, "member " + member + " does not serve this registry",
						"Try the owner again", null));
			}
			Invocation sent = new Invocation(invocation.id(), invocation.registry(), invocation.key(),
					invocation.contract(), invocation.operation(), invocation.arguments().clone());
			return CompletableFuture.supplyAsync(() -> calls.handle(sent), InProcessCluster.this.network)
				.thenCompose((answer) -> answer)
				.thenApply(byte[]::clone)
				.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}

		@Override
		public void serve(String registry, RemoteCalls calls) {
			InProcessCluster.this.served.computeIfAbsent(this.id, (absent) -> new ConcurrentHashMap<>())
				.put(registry, calls);
		}

		@Override
		public void stopServing(String registry, RemoteCalls calls) {
			Map<String, RemoteCalls> registries = InProcessCluster.this.served.get(this.id);
			if (registries != null) {
				registries.remove(registry, calls);
			}
		}

	}

}
