package dev.actorregistry.cluster;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;
import dev.actorregistry.test.InProcessCluster;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.SerializingInvocationCodec;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-off barrier: a partition that comes to a member from a member still up is not
 * served there until the old owner has stopped its actors, each with its final save, so
 * the new actor loads what the old one last changed, even when that save is slow.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HandOffTests {

	private static final String[] MEMBERS = { "m1", "m2", "m3" };

	private final InProcessCluster cluster = new InProcessCluster(MEMBERS);

	private final GatedStore store = new GatedStore();

	private final Map<String, ActorRegistry<String, Tally>> members = new LinkedHashMap<>();

	private final Map<String, ClusterEvents> events = new ConcurrentHashMap<>();

	@AfterEach
	void close() {
		this.store.open();
		this.members.values().forEach(ActorRegistry::close);
	}

	@Test
	void theNewOwnerServesAMovedKeyOnlyAfterItsOldOwnersFinalSave() throws Exception {
		for (String member : MEMBERS) {
			// no write-through: the count is saved only as the actor stops
			this.members.put(member,
					ActorRegistry.<String, Tally>builder("tallies", String.class, (key, context) -> new Tally())
						.stateStore(this.store, new SerializingCodec())
						.cluster(this.cluster.member(member), new SerializingInvocationCodec())
						.askTimeout(Duration.ofMinutes(1))
						.listener(this.events.computeIfAbsent(member, (name) -> new ClusterEvents()))
						.build());
		}
		String key = "moving";
		String from = this.cluster.ownerOf(key);
		String to = from.equals("m1") ? "m2" : "m1";
		String caller = List.of(MEMBERS).stream().filter((m) -> !m.equals(from) && !m.equals(to)).findFirst().get();
		Counting counter = this.members.get(caller).client(Counting.class).get(key);
		assertThat(counter.add(5)).isEqualTo(5);
		// the old owner's final save waits until the test lets it through
		this.store.close();
		int moved = InProcessCluster.partitionOf(key);
		this.cluster
			.assign((partition) -> (partition == moved) ? to : InProcessCluster.spread(MEMBERS).apply(partition));
		Waits.awaitLatch(this.store.saveWaiting);
		ClusterEvents callerEvents = this.events.get(caller);
		CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> counter.add(1));
		// refused by the new owner and tried again, while the old owner saves
		Waits.eventually().until(() -> callerEvents.retried.contains(RetryReason.NOT_RUN_BY_OWNER));
		assertThat(next).as("held while the old owner saves").isNotDone();
		this.store.open();
		assertThat(next.get(1, TimeUnit.MINUTES)).as("loaded after the old owner's final save").isEqualTo(6);
		assertThat(this.members.get(from).lookup(key)).isEmpty();
		assertThat(this.members.get(to).lookup(key)).isPresent();
		// what the listeners (and so the meters) were told
		ClusterEvents newOwner = this.events.get(to);
		assertThat(newOwner.handOffsStarted).contains(moved + " from " + from);
		Waits.eventually().until(() -> newOwner.handOffsEnded.contains(moved + " released"));
		assertThat(callerEvents.forwarded.get()).as("calls carried to the owner").isGreaterThanOrEqualTo(3);
	}

	@Test
	void aRegistryThatStartsOnAPartitionGivenToItsMemberBeforeWaitsForTheOldOwnersFinalSave() throws Exception {
		// a member that joins may be given partitions before its registries exist: no
		// change will be reported to them
		CountDownLatch releaseAsked = new CountDownLatch(1);
		this.members.put("m1", tallies(new ReleaseSeen(this.cluster.member("m1"), releaseAsked)));
		this.members.put("m3", tallies(this.cluster.member("m3")));
		String key = keyOwnedBy("m1");
		Counting counter = this.members.get("m3").client(Counting.class).get(key);
		assertThat(counter.add(5)).isEqualTo(5);
		moveToM2WithSavesHeld(key);
		// the old owner stops its actor; its final save waits
		Waits.awaitLatch(this.store.saveWaiting);
		CompletableFuture<ActorRegistry<String, Tally>> joining = CompletableFuture
			.supplyAsync(() -> tallies(this.cluster.member("m2")));
		CompletableFuture<Integer> next = joining.thenApplyAsync((joined) -> {
			this.members.put("m2", joined);
			return joined.client(Counting.class).get(key).add(1);
		});
		// the new registry asks the old owner to release the partition, or (without the
		// barrier) serves the key at once
		Waits.eventually().until(() -> releaseAsked.getCount() == 0 || next.isDone());
		this.store.open();
		assertThat(next.get(1, TimeUnit.MINUTES)).as("loaded after the old owner's final save").isEqualTo(6);
	}

	@Test
	void aReleaseThatArrivesWhileTheOldActorAlreadyStopsWaitsForItsFinalSave() throws Exception {
		// the old owner learns of the move first and is saving its actor when the new
		// owner's request comes: the answer must wait for that save
		CountDownLatch releaseAsked = new CountDownLatch(1);
		this.members.put("m2", tallies(this.cluster.member("m2")));
		ClusterEvents callerEvents = new ClusterEvents();
		this.members.put("m3", tallies(this.cluster.member("m3"), callerEvents));
		// last, so that no other registry's start asks it to release (which would wait)
		this.members.put("m1",
				tallies(new ReleaseSeen(this.cluster.member("m1"), releaseAsked, this.store.saveWaiting)));
		String key = keyOwnedBy("m1");
		Counting counter = this.members.get("m3").client(Counting.class).get(key);
		assertThat(counter.add(5)).isEqualTo(5);
		moveToM2WithSavesHeld(key);
		Waits.awaitLatch(releaseAsked);
		CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> counter.add(1));
		// held by the barrier (refused by the new owner and tried again), or, without it,
		// served at once from the state saved before
		Waits.eventually().until(() -> next.isDone() || callerEvents.retried.contains(RetryReason.NOT_RUN_BY_OWNER));
		this.store.open();
		assertThat(next.get(1, TimeUnit.MINUTES)).as("loaded after the old owner's final save").isEqualTo(6);
	}

	/** Hold every save back, then give the key's partition to m2. */
	private void moveToM2WithSavesHeld(String key) {
		this.store.close();
		int moved = InProcessCluster.partitionOf(key);
		this.cluster
			.assign((partition) -> (partition == moved) ? "m2" : InProcessCluster.spread(MEMBERS).apply(partition));
	}

	private ActorRegistry<String, Tally> tallies(ActorCluster member) {
		return tallies(member, RegistryListener.NONE);
	}

	private ActorRegistry<String, Tally> tallies(ActorCluster member, RegistryListener listener) {
		return ActorRegistry.<String, Tally>builder("tallies", String.class, (key, context) -> new Tally())
			.stateStore(this.store, new SerializingCodec())
			.cluster(member, new SerializingInvocationCodec())
			.listener(listener)
			.askTimeout(Duration.ofMinutes(1))
			.build();
	}

	private String keyOwnedBy(String member) {
		for (int i = 0;; i++) {
			String key = "key-" + i;
			if (member.equals(this.cluster.ownerOf(key))) {
				return key;
			}
		}
	}

	/**
	 * A member's view of the cluster that tells when another member asks it to release.
	 */
	static final class ReleaseSeen implements ActorCluster {

		private final ActorCluster member;

		private final CountDownLatch asked;

		/** What a release waits for before it reaches the registry. */
		private final CountDownLatch before;

		ReleaseSeen(ActorCluster member, CountDownLatch asked) {
			this(member, asked, new CountDownLatch(0));
		}

		ReleaseSeen(ActorCluster member, CountDownLatch asked, CountDownLatch before) {
			this.member = member;
			this.asked = asked;
			this.before = before;
		}

		@Override
		public void serve(String registry, RemoteCalls calls) {
			this.member.serve(registry, registry.startsWith("actor-registry.hand-off:") ? (invocation) -> {
				this.asked.countDown();
				Waits.awaitLatch(this.before);
				return calls.handle(invocation);
			} : calls);
		}

		@Override
		public String localMember() {
			return this.member.localMember();
		}

		@Override
		public Placement placementOf(String registry, String key) {
			return this.member.placementOf(registry, key);
		}

		@Override
		public CompletionStage<byte[]> call(String member, Invocation invocation, Duration timeout) {
			return this.member.call(member, invocation, timeout);
		}

		@Override
		public void stopServing(String registry, RemoteCalls calls) {
			// what serve registered was a wrapper: the member forgets the registry with
			// the test
		}

		@Override
		public void onOwnershipChange(Runnable listener) {
			this.member.onOwnershipChange(listener);
		}

		@Override
		public List<@Nullable String> partitionOwners() {
			return this.member.partitionOwners();
		}

		@Override
		public Set<String> members() {
			return this.member.members();
		}

	}

	/** The cluster events one member's registry reports. */
	static final class ClusterEvents implements RegistryListener {

		final AtomicInteger forwarded = new AtomicInteger();

		final List<RetryReason> retried = new CopyOnWriteArrayList<>();

		final List<String> handOffsStarted = new CopyOnWriteArrayList<>();

		final List<String> handOffsEnded = new CopyOnWriteArrayList<>();

		@Override
		public void callForwarded(String registry, Object key, long nanos, @Nullable Throwable failure) {
			this.forwarded.incrementAndGet();
		}

		@Override
		public void callRetried(String registry, Object key, RetryReason reason) {
			this.retried.add(reason);
		}

		@Override
		public void handOffStarted(String registry, int partition, String from) {
			this.handOffsStarted.add(partition + " from " + from);
		}

		@Override
		public void handOffEnded(String registry, int partition, long nanos, boolean released) {
			this.handOffsEnded.add(partition + (released ? " released" : " taken over"));
		}

	}

	@ActorInterface
	public interface Counting {

		int add(int amount);

	}

	record TallyState(int count) implements Serializable {
	}

	static final class Tally implements Counting, PersistentActor<TallyState> {

		private int count;

		@Override
		public int add(int amount) {
			this.count += amount;
			return this.count;
		}

		@Override
		public TallyState snapshot() {
			return new TallyState(this.count);
		}

		@Override
		public void restore(TallyState state) {
			this.count = state.count();
		}

	}

	/** A store whose saves wait while it is closed. */
	static final class GatedStore implements StateStore {

		private final InMemoryStateStore store = new InMemoryStateStore();

		final CountDownLatch saveWaiting = new CountDownLatch(1);

		private volatile CountDownLatch gate = new CountDownLatch(0);

		void close() {
			this.gate = new CountDownLatch(1);
		}

		void open() {
			this.gate.countDown();
		}

		@Override
		public Optional<StoredState> load(String registry, String key) {
			return this.store.load(registry, key);
		}

		@Override
		public long save(String registry, String key, SerializedState state, long expectedRevision) {
			CountDownLatch gate = this.gate;
			if (gate.getCount() > 0) {
				this.saveWaiting.countDown();
				Waits.awaitLatch(gate);
			}
			return this.store.save(registry, key, state, expectedRevision);
		}

		@Override
		public boolean delete(String registry, String key) {
			return this.store.delete(registry, key);
		}

		@Override
		public Optional<StoredState> loadRevision(String registry, String key, long revision) {
			return this.store.loadRevision(registry, key, revision);
		}

		@Override
		public List<StoredState> revisions(String registry, String key, Instant from, Instant to) {
			return this.store.revisions(registry, key, from, to);
		}

	}

}
