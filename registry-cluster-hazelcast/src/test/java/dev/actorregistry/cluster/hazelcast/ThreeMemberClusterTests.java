package dev.actorregistry.cluster.hazelcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.actorregistry.cluster.Placement;
import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.cluster.RemoteCallException.Kind;
import dev.actorregistry.cluster.RemoteCalls;
import dev.actorregistry.invocation.Invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/**
 * Three real members on loopback, formed once for these tests (forming is the slow part):
 * they agree on placement, and calls reach the owner's registry and come back with its
 * bytes or its failure. The members are shut down after the last test, and their threads
 * must have ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeMemberClusterTests {

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

	private static final long WAIT_SECONDS = 40;

	private LoopbackMembers members;

	/** What each member's "accounts" registry received, by member id. */
	private final Map<String, Queue<Invocation>> received = new ConcurrentHashMap<>();

	@BeforeAll
	void formCluster() {
		this.members = LoopbackMembers.start(3);
		System.out.println("Three members formed (every partition owned, cluster safe) in "
				+ this.members.formationMillis() + " ms");
		for (HazelcastActorCluster member : this.members.all()) {
			String id = member.localMember();
			Queue<Invocation> calls = new ConcurrentLinkedQueue<>();
			this.received.put(id, calls);
			member.serve("accounts", (invocation) -> {
				calls.add(invocation);
				return CompletableFuture
					.completedFuture((id + "|" + new String(invocation.arguments(), StandardCharsets.UTF_8))
						.getBytes(StandardCharsets.UTF_8));
			});
			member.serve("failing", (invocation) -> CompletableFuture
				.failedFuture(new IllegalStateException("balance of " + invocation.key() + " would go negative")));
			member.serve("moving",
					(invocation) -> CompletableFuture
						.failedFuture(new RemoteCallException(invocation.registry(), invocation.key(), Kind.NOT_RUN,
								null, "this member no longer owns it", "Try the new owner", null)));
			member.serve("stuck", (invocation) -> new CompletableFuture<>());
		}
	}

	@AfterAll
	void shutDown() {
		if (this.members != null) {
			this.members.close();
		}
	}

	@Test
	void everyMemberComputesTheSamePlacementAndEachKeyHasExactlyOneLocalOwner() {
		List<String> memberIds = this.members.all().stream().map(HazelcastActorCluster::localMember).toList();
		Map<String, Integer> keysPerOwner = new ConcurrentHashMap<>();
		for (int i = 0; i < 1000; i++) {
			String key = "account-" + i;
			List<Placement> placements = this.members.all()
				.stream()
				.map((member) -> member.placementOf("accounts", key))
				.toList();
			Placement first = placements.get(0);
			assertThat(first.owner()).as("owner of %s", key).isIn(memberIds);
			assertThat(placements).as("placements of %s", key)
				.allSatisfy((placement) -> assertThat(placement.partition()).isEqualTo(first.partition()))
				.allSatisfy((placement) -> assertThat(placement.owner()).isEqualTo(first.owner()));
			assertThat(placements.stream().filter(Placement::local)).as("local owners of %s", key).hasSize(1);
			int owner = memberIds.indexOf(first.owner());
			assertThat(placements.get(owner).local()).isTrue();
			keysPerOwner.merge(first.owner(), 1, Integer::sum);
		}
		assertThat(keysPerOwner).as("keys per owner").hasSize(3);
	}

	@Test
	void aCallFromEachMemberRunsOnTheKeyOwnersRegistryAndReturnsItsBytes() throws Exception {
		List<Long> micros = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String key = "account-" + i;
			for (HazelcastActorCluster caller : this.members.all()) {
				Placement placement = caller.placementOf("accounts", key);
				Invocation invocation = invocation("accounts", key, "deposit " + i);
				long started = System.nanoTime();
				byte[] result = caller.call(placement.owner(), invocation, CALL_TIMEOUT)
					.toCompletableFuture()
					.get(WAIT_SECONDS, TimeUnit.SECONDS);
				micros.add((System.nanoTime() - started) / 1000);
				assertThat(new String(result, StandardCharsets.UTF_8)).isEqualTo(placement.owner() + "|deposit " + i);
				assertThat(this.received.get(placement.owner())).contains(invocation);
			}
		}
		micros.sort(null);
		System.out.println("60 calls one at a time (a third to the caller itself): p50 " + micros.get(30) + " µs, max "
				+ micros.get(59) + " µs");
	}

	@Test
	void manyConcurrentCallsEachGetTheirOwnOwnersAnswer() throws Exception {
		HazelcastActorCluster caller = this.members.get(0);
		int calls = 2000;
		java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);
		List<CompletableFuture<Boolean>> answers = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			String key = "account-" + (i % 500);
			String owner = caller.placementOf("accounts", key).owner();
			String arguments = "deposit " + i;
			assertThat(inFlight.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("a free slot").isTrue();
			answers.add(caller.call(owner, invocation("accounts", key, arguments), CALL_TIMEOUT)
				.toCompletableFuture()
				.whenComplete((result, failure) -> inFlight.release())
				.thenApply((result) -> new String(result, StandardCharsets.UTF_8).equals(owner + "|" + arguments)));
		}
		CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
		long millis = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toMillis());
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.join()).isTrue());
		System.out.println(calls + " calls, 64 in flight, from one member: " + (calls * 1000L / millis) + " calls/s");
	}

	@Test
	void aFailureOfTheRemoteOperationCarriesItsKindTypeAndMessage() {
		HazelcastActorCluster caller = this.members.get(0);
		String key = keyOwnedElsewhere(caller);
		assertThatThrownBy(() -> caller
			.call(caller.placementOf("failing", key).owner(), invocation("failing", key, "withdraw 5"), CALL_TIMEOUT)
			.toCompletableFuture()
			.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
			.asInstanceOf(type(RemoteCallException.class))
			.satisfies((failure) -> {
				assertThat(failure.kind()).isEqualTo(Kind.FAILED);
				assertThat(failure.remoteType()).isEqualTo(IllegalStateException.class.getName());
				assertThat(failure.getMessage()).startsWith("Registry 'failing', actor '" + key + "'")
					.contains("balance of " + key + " would go negative");
			});
	}

	@Test
	void aNotRunFromTheRemoteRegistryStaysNotRun() {
		HazelcastActorCluster caller = this.members.get(1);
		String key = keyOwnedElsewhere(caller);
		assertThatThrownBy(() -> caller
			.call(caller.placementOf("moving", key).owner(), invocation("moving", key, "deposit 1"), CALL_TIMEOUT)
			.toCompletableFuture()
			.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
			.asInstanceOf(type(RemoteCallException.class))
			.satisfies((failure) -> {
				assertThat(failure.kind()).isEqualTo(Kind.NOT_RUN);
				assertThat(failure.getMessage()).contains("this member no longer owns it. Try the new owner")
					.doesNotContain("actor '" + key + "': this member");
			});
	}

	@Test
	void aCallToARegistryTheMemberDoesNotServeIsNotRun() {
		HazelcastActorCluster caller = this.members.get(2);
		String key = keyOwnedElsewhere(caller);
		assertThatThrownBy(() -> caller
			.call(caller.placementOf("ledgers", key).owner(), invocation("ledgers", key, "post 1"), CALL_TIMEOUT)
			.toCompletableFuture()
			.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
			.asInstanceOf(type(RemoteCallException.class))
			.satisfies((failure) -> {
				assertThat(failure.kind()).isEqualTo(Kind.NOT_RUN);
				assertThat(failure.getMessage()).contains("not served");
			});
	}

	@Test
	void aCallToAnIdThatIsNoMemberIsNotRun() {
		HazelcastActorCluster caller = this.members.get(0);
		assertThatThrownBy(() -> caller
			.call("00000000-0000-0000-0000-000000000000", invocation("accounts", "account-1", "deposit 1"),
					CALL_TIMEOUT)
			.toCompletableFuture()
			.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
			.asInstanceOf(type(RemoteCallException.class))
			.extracting(RemoteCallException::kind)
			.isEqualTo(Kind.NOT_RUN);
	}

	@Test
	void aCallWhoseOperationDoesNotFinishFailsAsOutcomeUnknownAfterItsTimeout() {
		HazelcastActorCluster caller = this.members.get(0);
		String key = keyOwnedElsewhere(caller);
		assertThatThrownBy(() -> caller
			.call(caller.placementOf("stuck", key).owner(), invocation("stuck", key, "deposit 1"),
					Duration.ofMillis(300))
			.toCompletableFuture()
			.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
			.asInstanceOf(type(RemoteCallException.class))
			.extracting(RemoteCallException::kind)
			.isEqualTo(Kind.OUTCOME_UNKNOWN);
	}

	@Test
	void aRegistryNoLongerServedRefusesCalls() throws Exception {
		HazelcastActorCluster caller = this.members.get(1);
		String key = keyOwnedElsewhere(caller);
		HazelcastActorCluster owner = memberWithId(caller.placementOf("audits", key).owner());
		RemoteCalls calls = (invocation) -> CompletableFuture.completedFuture(new byte[] { 1 });
		owner.serve("audits", calls);
		assertThat(caller.call(owner.localMember(), invocation("audits", key, "a"), CALL_TIMEOUT)
			.toCompletableFuture()
			.get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly(1);
		owner.stopServing("audits", calls);
		assertThatThrownBy(() -> caller.call(owner.localMember(), invocation("audits", key, "b"), CALL_TIMEOUT)
			.toCompletableFuture()
			.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
			.asInstanceOf(type(RemoteCallException.class))
			.extracting(RemoteCallException::kind)
			.isEqualTo(Kind.NOT_RUN);
	}

	@Test
	void aTaskThatWaitedOnTheMemberLongerThanItsCallerWaitsIsDroppedUnrun() throws Exception {
		HazelcastActorCluster member = this.members.get(2);
		Invocation late = invocation("accounts", "account-7", "deposit 7");
		InvocationTask lateTask = new InvocationTask(late, Duration.ofMillis(1));
		lateTask.setHazelcastInstance(member.instance());
		Invocation timely = invocation("accounts", "account-7", "deposit 8");
		InvocationTask timelyTask = new InvocationTask(timely, CALL_TIMEOUT);
		timelyTask.setHazelcastInstance(member.instance());
		Thread.sleep(20); // at least the late task's whole timeout passes before it runs

		CallOutcome dropped = lateTask.call();
		CallOutcome ran = timelyTask.call();

		assertThat(dropped.failure()).isEqualTo(Kind.NOT_RUN);
		assertThat(ran.failure()).isNull();
		assertThat(this.received.get(member.localMember())).contains(timely).doesNotContain(late);
	}

	private String keyOwnedElsewhere(HazelcastActorCluster caller) {
		for (int i = 0;; i++) {
			if (!caller.placementOf("any", "account-" + i).local()) {
				return "account-" + i;
			}
		}
	}

	private HazelcastActorCluster memberWithId(String id) {
		return this.members.all()
			.stream()
			.filter((member) -> member.localMember().equals(id))
			.findFirst()
			.orElseThrow();
	}

	private static Invocation invocation(String registry, String key, String arguments) {
		return new Invocation(java.util.UUID.randomUUID().toString(), registry, key, "com.example.Account", "apply",
				arguments.getBytes(StandardCharsets.UTF_8));
	}

}
