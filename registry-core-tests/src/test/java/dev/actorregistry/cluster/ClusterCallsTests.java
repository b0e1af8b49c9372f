package dev.actorregistry.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.AskTimeoutException;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.StopReason;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.test.InProcessCluster;
import dev.actorregistry.test.SerializingInvocationCodec;
import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Registries of three members of a cluster, in one process: calls by key through a typed
 * interface reach the one actor of the key on its owner from every member, lambdas run
 * only where the key is owned, an operation's failure comes back, and a call its owner
 * does not run is tried again at the owner of the moment, within its deadline.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterCallsTests {

	private static final String[] MEMBERS = { "m1", "m2", "m3" };

	private final InProcessCluster cluster = new InProcessCluster(MEMBERS);

	private final Map<String, ActorRegistry<String, CounterActor>> registries = new LinkedHashMap<>();

	/** Why each actor stopped, by member and key. */
	private final Map<String, StopReason> stops = new java.util.concurrent.ConcurrentHashMap<>();

	/** Every actor started, on any member. */
	private final AtomicInteger starts = new AtomicInteger();

	@AfterEach
	void close() {
		this.registries.values().forEach(ActorRegistry::close);
	}

	@Test
	void callsFromEveryMemberReachTheOneActorOfTheKeyOnItsOwner() throws Exception {
		startMembers(Duration.ofMinutes(1));
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			keys.add("key-" + i);
		}
		ExecutorService callers = Executors.newFixedThreadPool(6);
		List<Future<?>> calls = new ArrayList<>();
		for (String member : MEMBERS) {
			Counter.Client client = new Counter.Client(this.registries.get(member).client(Counter.class));
			for (int round = 0; round < 2; round++) {
				calls.add(callers.submit(() -> keys.forEach((key) -> client.of(key).add(1))));
			}
		}
		for (Future<?> call : calls) {
			call.get(1, TimeUnit.MINUTES);
		}
		callers.shutdown();
		for (String key : keys) {
			String owner = this.cluster.ownerOf(key);
			// each of the 3 members added 1, twice: 6, all on one actor
			assertThat(this.registries.get(MEMBERS[0]).client(Counter.class).get(key).total()).isEqualTo(6);
			for (String member : MEMBERS) {
				assertThat(this.registries.get(member).lookup(key).isPresent()).as("%s live on %s", key, member)
					.isEqualTo(member.equals(owner));
			}
		}
		assertThat(this.starts.get()).isEqualTo(keys.size());
	}

	@Test
	void aLambdaRunsOnlyWhereTheKeyIsOwnedAndSaysWhereItLives() {
		startMembers(Duration.ofMinutes(1));
		String key = "alice";
		String owner = this.cluster.ownerOf(key);
		String other = otherThan(owner);
		assertThat(this.registries.get(owner).ask(key, CounterActor::total).join()).isZero();
		ActorRegistry<String, CounterActor> elsewhere = this.registries.get(other);
		assertThatExceptionOfType(ActorElsewhereException.class)
			.isThrownBy(() -> elsewhere.call(key, CounterActor::total))
			.withMessageContaining("Registry 'counters', actor 'alice'")
			.withMessageContaining("lives on member " + owner)
			.withMessageContaining("typed interface")
			.satisfies((ex) -> assertThat(ex.owner()).isEqualTo(owner));
		assertThatExceptionOfType(ActorElsewhereException.class).isThrownBy(() -> elsewhere.lookupOrStart(key));
		assertThat(elsewhere.lookup(key)).isEmpty();
		assertThat(this.starts.get()).isOne();
	}

	@Test
	void anOperationsFailureOnTheOwnerComesBackWithItsTypeAndMessage() {
		startMembers(Duration.ofMinutes(1));
		String key = "bob";
		Counter remote = this.registries.get(otherThan(this.cluster.ownerOf(key))).client(Counter.class).get(key);
		assertThatExceptionOfType(RemoteCallException.class).isThrownBy(() -> remote.add(-1)).satisfies((ex) -> {
			assertThat(ex.kind()).isEqualTo(RemoteCallException.Kind.FAILED);
			assertThat(ex.remoteType()).isEqualTo(IllegalArgumentException.class.getName());
			assertThat(ex.remoteMessage()).isEqualTo("no negative amounts");
			assertThat(ex.getMessage()).contains("Registry 'counters', actor 'bob'")
				.doesNotContain("no negative amounts");
		});
	}

	@Test
	void anAsyncAndAOneWayOperationReachTheOwnerToo() throws Exception {
		startMembers(Duration.ofMinutes(1));
		String key = "carol";
		Counter remote = this.registries.get(otherThan(this.cluster.ownerOf(key))).client(Counter.class).get(key);
		remote.touch();
		CompletableFuture<Integer> added = remote.addLater(5);
		assertThat(added.get(1, TimeUnit.MINUTES)).isEqualTo(5);
		// a one-way call carried to another member is not ordered with the calls after it
		eventually().until(remote::touches, (touches) -> touches == 1);
	}

	@Test
	void aCallItsOwnerDidNotRunIsTriedAgainAtTheOwnerOfTheMoment() {
		startMembers(Duration.ofMinutes(1));
		String key = "dave";
		String owner = this.cluster.ownerOf(key);
		String caller = otherThan(owner);
		String next = MEMBERS[0].equals(owner) || MEMBERS[0].equals(caller)
				? (MEMBERS[1].equals(owner) || MEMBERS[1].equals(caller) ? MEMBERS[2] : MEMBERS[1]) : MEMBERS[0];
		// the owner drains: it answers that it did not run the call until the key moves
		this.registries.get(owner).close();
		AtomicInteger asked = new AtomicInteger();
		this.cluster.assign((partition) -> (asked.incrementAndGet() < 20) ? owner : next);
		Counter remote = this.registries.get(caller).client(Counter.class).get(key);
		assertThat(remote.add(2)).isEqualTo(2);
		assertThat(this.registries.get(next).lookup(key)).isPresent();
	}

	@Test
	void aCallWhoseMemberLeavesTheClusterWhileItIsTriedAgainFailsInsteadOfWaitingForever() {
		// the call's deadline is far shorter than the test's wait: it must end either way
		startMembers(Duration.ofMillis(300));
		String key = "grace";
		String owner = this.cluster.ownerOf(key);
		String from = otherThan(owner);
		// the owner drains: it answers that it did not run the call, so the caller tries
		// again, and meanwhile the caller's own member leaves: it can no longer tell any
		// key's owner, as a Hazelcast member that was terminated under its application
		this.registries.get(owner).close();
		// the first try runs on this thread; the next, on the registry's scheduler, finds
		// that the member left
		Thread caller = Thread.currentThread();
		this.cluster.assign((partition) -> {
			if (Thread.currentThread() == caller) {
				return owner;
			}
			throw new RemoteCallException("counters", key, RemoteCallException.Kind.NOT_RUN, null,
					"this member has left the cluster", "Call a running instance", null);
		});
		CompletableFuture<Integer> later = this.registries.get(from).client(Counter.class).get(key).addLater(1);
		assertThat(later).failsWithin(Waits.TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(RemoteCallException.class)
			.withMessageContaining("this member has left the cluster");
	}

	@Test
	void anActorWhoseKeyMovedAwayIsPassivatedAndItsNextCallStartsItAtTheNewOwner() {
		startMembers(Duration.ofMinutes(1));
		String key = "frank";
		String owner = this.cluster.ownerOf(key);
		String next = otherThan(owner);
		Counter counter = this.registries.get(MEMBERS[2]).client(Counter.class).get(key);
		assertThat(counter.add(3)).isEqualTo(3);
		assertThat(this.registries.get(owner).lookup(key)).isPresent();
		int moved = InProcessCluster.partitionOf(key);
		this.cluster
			.assign((partition) -> (partition == moved) ? next : InProcessCluster.spread(MEMBERS).apply(partition));
		// the engine's event, or the sweep a second later, stops it on its old owner
		eventually().until(() -> this.stops.get(owner + "/" + key) == StopReason.MIGRATED);
		eventually().until(() -> this.registries.get(owner).lookup(key).isEmpty());
		assertThat(counter.add(1)).as("a fresh actor: this counter keeps no state").isEqualTo(1);
		assertThat(this.registries.get(next).lookup(key)).isPresent();
	}

	@Test
	void aCallNoMemberRunsFailsAtItsDeadline() {
		startMembers(Duration.ofMillis(300));
		this.cluster.assign((partition) -> null);
		Counter nowhere = this.registries.get(MEMBERS[0]).client(Counter.class).get("erin");
		assertThatExceptionOfType(AskTimeoutException.class).isThrownBy(nowhere::total)
			.withMessageContaining("Registry 'counters', actor 'erin'");
		assertThat(this.starts.get()).isZero();
	}

	private void startMembers(Duration askTimeout) {
		for (String member : MEMBERS) {
			this.registries.put(member,
					ActorRegistry.<String, CounterActor>builder("counters", String.class, (key, context) -> {
						this.starts.incrementAndGet();
						return new CounterActor();
					})
						.cluster(this.cluster.member(member), new SerializingInvocationCodec())
						.listener(new RegistryListener() {

							@Override
							public void actorStopped(String registry, Object key, StopReason reason) {
								ClusterCallsTests.this.stops.put(member + "/" + key, reason);
							}

						})
						.askTimeout(askTimeout)
						.build());
		}
	}

	private String otherThan(String member) {
		return MEMBERS[0].equals(member) ? MEMBERS[1] : MEMBERS[0];
	}

	@ActorInterface
	public interface Counter {

		int add(int amount);

		int total();

		CompletableFuture<Integer> addLater(int amount);

		void touch();

		int touches();

		/** Proxies by key, made once per client. */
		record Client(ActorClient<String, Counter> counters) {

			Counter of(String key) {
				return this.counters.get(key);
			}

		}

	}

	static final class CounterActor implements Counter {

		private int total;

		private int touches;

		@Override
		public int add(int amount) {
			if (amount < 0) {
				throw new IllegalArgumentException("no negative amounts");
			}
			this.total += amount;
			return this.total;
		}

		@Override
		public int total() {
			return this.total;
		}

		@Override
		public CompletableFuture<Integer> addLater(int amount) {
			return CompletableFuture.completedFuture(add(amount));
		}

		@Override
		public void touch() {
			this.touches++;
		}

		@Override
		public int touches() {
			return this.touches;
		}

	}

}
