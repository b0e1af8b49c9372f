package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.RegistryListener;
import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.cluster.RemoteCalls;
import dev.actorregistry.invocation.Invocation;

/**
 * The hand-off barrier of one clustered registry: when a partition comes to this member
 * from a member that is still up, this member starts none of its actors until the old
 * owner has stopped its own, each with its final save, so that the new actors load what
 * the old ones last changed and the two never run side by side.
 * <p>
 * The engine moves a partition first and reports it after, so the barrier sits on the new
 * owner: on a change of ownership it compares the partition table with the one it knew,
 * and for each partition it gained from a live member asks that member to release it (a
 * call to the service {@value #SERVICE_PREFIX}{@code <registry>}), holding the partition
 * as pending until the answer, the old owner's departure, or the deadline. Calls for a
 * pending partition are not run here and are tried again by their callers, within their
 * own deadlines; what the barrier cannot rule out (an event that comes late) the store's
 * revision still fences.
 */
final class HandOffs implements RemoteCalls {

	private static final System.Logger logger = System.getLogger(HandOffs.class.getName());

	/** The service a registry serves releases under, followed by its name. */
	static final String SERVICE_PREFIX = "actor-registry.hand-off:";

	private static final String CONTRACT = "dev.actorregistry.cluster.HandOff";

	private final String registry;

	private final ActorCluster cluster;

	private final Duration timeout;

	/** Stops the live actors of a partition, completing once they stopped. */
	private final Function<Integer, CompletableFuture<Integer>> release;

	/** The partition table as this member last knew it. */
	private volatile List<@Nullable String> knownOwners;

	private final RegistryListener listener;

	/** This member's id. */
	private final String local;

	/** The partitions held back, with the {@link System#nanoTime()} they are freed at. */
	private final Map<Integer, Long> pending = new ConcurrentHashMap<>();

	/**
	 * The partitions this member released to a new owner, with the
	 * {@link System#nanoTime()} they are forgotten at: until this member's copy of the
	 * partition table shows the move, it must not start their actors again.
	 */
	private final Map<Integer, Long> released = new ConcurrentHashMap<>();

	HandOffs(String registry, ActorCluster cluster, Duration timeout,
			Function<Integer, CompletableFuture<Integer>> release, RegistryListener listener) {
		this.registry = registry;
		this.listener = listener;
		this.cluster = cluster;
		this.timeout = timeout;
		this.release = release;
		this.local = cluster.localMember();
		this.knownOwners = cluster.partitionOwners();
	}

	/** The name this registry's releases are served under. */
	String service() {
		return SERVICE_PREFIX + this.registry;
	}

	/**
	 * Whether a partition waits for its old owner to release it.
	 * @param partition the partition
	 * @return whether this member must not run its actors yet
	 */
	boolean isPending(int partition) {
		List<@Nullable String> known = this.knownOwners;
		if (partition < known.size() && !this.local.equals(known.get(partition))) {
			// The engine gave this member the partition and has not reported it yet: a
			// call must not run before the hand-off it starts.
			ownershipChanged();
		}
		return isHeld(this.pending, partition) || isHeld(this.released, partition);
	}

	private static boolean isHeld(Map<Integer, Long> held, int partition) {
		Long until = held.get(partition);
		if (until == null) {
			return false;
		}
		if (System.nanoTime() - until >= 0) {
			// the other member did not answer in time, or the table never showed the
			// move: the fence covers what is left
			held.remove(partition, until);
			return false;
		}
		return true;
	}

	/**
	 * Ownership may have changed: hold back each partition this member gained from a
	 * member that is still up, and ask that member to release it.
	 */
	synchronized void ownershipChanged() {
		List<@Nullable String> owners = this.cluster.partitionOwners();
		List<@Nullable String> known = this.knownOwners;
		this.knownOwners = owners;
		if (owners.size() != known.size()) {
			return;
		}
		Set<String> members = this.cluster.members();
		List<Integer> gained = new ArrayList<>();
		for (int partition = 0; partition < owners.size(); partition++) {
			String before = known.get(partition);
			if (this.local.equals(owners.get(partition)) && before != null && !before.equals(this.local)) {
				// it came back: whatever this member released before is its own again
				this.released.remove(partition);
				if (members.contains(before)) {
					gained.add(partition);
				}
			}
		}
		long asked = System.nanoTime();
		long until = asked + this.timeout.toNanos();
		for (int partition : gained) {
			this.pending.put(partition, until);
			String from = Objects.requireNonNull(known.get(partition));
			this.listener.handOffStarted(this.registry, partition, from);
			askRelease(from, partition, asked, until);
		}
	}

	private void askRelease(String from, int partition, long asked, long until) {
		Invocation release = new Invocation(UUID.randomUUID().toString(), service(), Integer.toString(partition),
				CONTRACT, "release", new byte[0]);
		CompletionStage<byte[]> answer;
		try {
			answer = this.cluster.call(from, release, this.timeout);
		}
		catch (RuntimeException ex) {
			answer = CompletableFuture.failedFuture(ex);
		}
		answer.whenComplete((stopped, failure) -> {
			this.pending.remove(partition, until);
			// once per hand-off: the call is bounded by the same timeout as the hold
			this.listener.handOffEnded(this.registry, partition, System.nanoTime() - asked, failure == null);
			if (failure != null) {
				logger.log(Level.DEBUG, () -> "Registry '" + this.registry + "': partition " + partition
						+ " taken over without its release by member " + from + " (" + failure + ")");
			}
		});
	}

	/** The old owner's side: stop the partition's actors, then answer how many. */
	@Override
	public CompletionStage<byte[]> handle(Invocation invocation) {
		List<Integer> partitions = new ArrayList<>();
		try {
			for (String partition : invocation.key().split(",")) {
				partitions.add(Integer.parseInt(partition));
			}
		}
		catch (NumberFormatException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		List<CompletableFuture<Integer>> stops = new ArrayList<>();
		long until = System.nanoTime() + this.timeout.toNanos();
		for (int partition : partitions) {
			// Released before the actors stop: no call may start one again here, even if
			// this member's copy of the table does not show the move yet.
			this.released.put(partition, until);
			stops.add(this.release.apply(partition));
		}
		return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
			.thenApply((done) -> Integer.toString(stops.stream().mapToInt(CompletableFuture::join).sum())
				.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * As the registry starts, ask every other member to release the partitions this
	 * member owns already, and wait for their answers (at most the hand-off timeout): a
	 * member that joins may have been given partitions before its registries existed, so
	 * no change of ownership will ever be reported to them, while their old owner may
	 * still run their actors.
	 */
	void claimOwnedAtStart() {
		List<@Nullable String> owners = this.knownOwners;
		List<String> owned = new ArrayList<>();
		for (int partition = 0; partition < owners.size(); partition++) {
			if (this.local.equals(owners.get(partition))) {
				owned.add(Integer.toString(partition));
			}
		}
		List<String> others = this.cluster.members().stream().filter((member) -> !member.equals(this.local)).toList();
		if (owned.isEmpty() || others.isEmpty()) {
			return;
		}
		long until = System.nanoTime() + this.timeout.toNanos();
		owned.forEach((partition) -> this.pending.put(Integer.parseInt(partition), until));
		Invocation release = new Invocation(UUID.randomUUID().toString(), service(), String.join(",", owned), CONTRACT,
				"release", new byte[0]);
		List<CompletableFuture<byte[]>> answers = new ArrayList<>();
		for (String member : others) {
			CompletableFuture<byte[]> answer;
			try {
				answer = this.cluster.call(member, release, this.timeout).toCompletableFuture();
			}
			catch (RuntimeException ex) {
				answer = CompletableFuture.failedFuture(ex);
			}
			// a member that does not answer (or serves no such registry) holds none of
			// them
			answers.add(answer.exceptionally((failure) -> new byte[0]));
		}
		try {
			// before the registry serves: its first calls and lambdas then find the
			// partitions free (the calls are bounded by the timeout, and so is this)
			CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
				.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.log(Level.DEBUG, () -> "Registry '" + this.registry + "': not every member released the "
					+ "partitions this member owned at start (" + ex + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			owned.forEach((partition) -> this.pending.remove(Integer.parseInt(partition), until));
		}
	}

}
