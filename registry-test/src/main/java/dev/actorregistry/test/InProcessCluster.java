package dev.actorregistry.test;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.cluster.Placement;
import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.cluster.RemoteCalls;
import dev.actorregistry.invocation.Invocation;

/**
 * A cluster of members in one process, for tests of clustered registries without an
 * engine: each member is an {@link ActorCluster} view ({@link #member}), the test decides
 * who owns which key ({@link #owners}), and a call is carried to the owner's registry on
 * another thread, its arguments and result as bytes, as a network would carry them.
 */
public final class InProcessCluster {

	private final Map<String, Map<String, RemoteCalls>> served = new ConcurrentHashMap<>();

	private final Executor network;

	private volatile Function<String, @Nullable String> owners;

	/**
	 * A cluster whose keys are spread over the given members by the hash of their text.
	 * @param members the members' ids
	 */
	public InProcessCluster(String... members) {
		this.network = ForkJoinPool.commonPool();
		this.owners = (key) -> members[Math.floorMod(key.hashCode(), members.length)];
	}

	/**
	 * Decide who owns which key from now on, as a rebalancing would.
	 * @param owners the owner of a key's text, or null for none
	 */
	public void owners(Function<String, @Nullable String> owners) {
		this.owners = Objects.requireNonNull(owners, "owners must not be null");
	}

	/**
	 * The owner of a key now.
	 * @param key the key, as text
	 * @return the member's id, or null
	 */
	public @Nullable String ownerOf(String key) {
		return this.owners.apply(key);
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
			return new Placement(Math.floorMod(key.hashCode(), 271), owner, this.id.equals(owner));
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
