package dev.actorregistry.cluster.hazelcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.cluster.Placement;
import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.cluster.RemoteCallException.Kind;
import dev.actorregistry.invocation.Invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.awaitility.Awaitility.await;

/**
 * Calls to a member that leaves: never a silent success, never a hang. Each test forms a
 * cluster of its own (a member leaves in it) and shuts it down after.
 */
class MemberDepartureTests {

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private static final long WAIT_SECONDS = 60;

	private LoopbackMembers members;

	@AfterEach
	void shutDown() {
		if (this.members != null) {
			this.members.close();
		}
	}

	@Test
	void aMemberThatStaysIsToldThatOwnershipChangedAndOwnsEveryKeyAfterTheOtherLeft() {
		this.members = LoopbackMembers.start(2);
		HazelcastActorCluster staying = this.members.get(0);
		assertThat(staying.members()).hasSize(2);
		assertThat(staying.partitionOwners()).hasSize(271).allMatch(staying.members()::contains);
		AtomicInteger changes = new AtomicInteger();
		staying.onOwnershipChange(changes::incrementAndGet);
		this.members.get(1).close();
		await("the ownership change reported").atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> changes.get() > 0);
		await("every key owned by the member that stays").atMost(Duration.ofSeconds(WAIT_SECONDS))
			.until(() -> java.util.stream.IntStream.range(0, 200)
				.allMatch((i) -> staying.placementOf("accounts", "key-" + i).local()));
		// the partitions move away before the member is gone from the member list
		await("the member gone from the list").atMost(Duration.ofSeconds(WAIT_SECONDS))
			.until(() -> staying.members().size() == 1);
		assertThat(staying.members()).containsExactly(staying.localMember());
		assertThat(staying.partitionOwners()).hasSize(271).containsOnly(staying.localMember());
	}

	@Test
	void belowItsMinimumClusterSizeAMemberOwnsNoKeyAndOwnsThemAgainWhenItIsWhole() {
		this.members = LoopbackMembers.start(2, (settings) -> settings.withMinimumClusterSize(2));
		HazelcastActorCluster staying = this.members.get(0);
		assertThat(staying.placementOf("accounts", "alice").owner()).isNotNull();
		AtomicInteger changes = new AtomicInteger();
		staying.onOwnershipChange(changes::incrementAndGet);
		this.members.get(1).close();
		await("the member gone from the list").atMost(Duration.ofSeconds(WAIT_SECONDS))
			.until(() -> staying.members().size() == 1);
		assertThat(changes.get()).as("ownership changes reported").isPositive();
		// alone, below its minimum: it owns every partition, and no key
		assertThat(staying.partitionOwners()).containsOnly(staying.localMember());
		for (int i = 0; i < 200; i++) {
			Placement placement = staying.placementOf("accounts", "key-" + i);
			assertThat(placement.owner()).as("owner of key-%d on the minority side", i).isNull();
			assertThat(placement.local()).isFalse();
		}
	}

	@Test
	void aCallToAMemberThatWasShutDownIsNotRunAndTheMemberItselfNoLongerPlacesKeys() {
		this.members = LoopbackMembers.start(2);
		HazelcastActorCluster caller = this.members.get(0);
		HazelcastActorCluster leaving = this.members.get(1);
		String leavingId = leaving.localMember();
		leaving.serve("accounts", (invocation) -> CompletableFuture.completedFuture(new byte[] { 1 }));
		leaving.close();
		await("the caller to see the member gone").atMost(Duration.ofSeconds(WAIT_SECONDS))
			.until(() -> caller.instance().getCluster().getMembers().size() == 1);
		assertThatThrownBy(() -> caller.call(leavingId, invocation("account-1"), CALL_TIMEOUT)
			.toCompletableFuture()
			.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
			.asInstanceOf(type(RemoteCallException.class))
			.extracting(RemoteCallException::kind)
			.isEqualTo(Kind.NOT_RUN);
		assertThatThrownBy(() -> leaving.placementOf("accounts", "account-1"))
			.asInstanceOf(type(RemoteCallException.class))
			.extracting(RemoteCallException::kind)
			.isEqualTo(Kind.NOT_RUN);
	}

	@Test
	void aCallInFlightOnAMemberThatDiesIsOutcomeUnknown() throws Exception {
		this.members = LoopbackMembers.start(2);
		HazelcastActorCluster caller = this.members.get(0);
		HazelcastActorCluster dying = this.members.get(1);
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<byte[]> neverAnswered = new CompletableFuture<>();
		dying.serve("accounts", (invocation) -> {
			started.countDown();
			return neverAnswered;
		});
		CompletableFuture<byte[]> call = caller.call(dying.localMember(), invocation("account-1"), CALL_TIMEOUT)
			.toCompletableFuture();
		assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the call began on the member").isTrue();
		long killed = System.nanoTime();
		dying.instance().getLifecycleService().terminate();
		assertThatThrownBy(() -> call.get(WAIT_SECONDS, TimeUnit.SECONDS)).cause()
			.asInstanceOf(type(RemoteCallException.class))
			.satisfies((failure) -> {
				assertThat(failure.kind()).isEqualTo(Kind.OUTCOME_UNKNOWN);
				// Hazelcast's report of the departure, not the caller's own deadline.
				assertThat(failure.getCause()).isNotNull();
			});
		System.out.println("A call in flight on a terminated member failed as outcome unknown "
				+ Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after the terminate; cause "
				+ call.handle((result, failure) -> failure.getCause()).join());
	}

	private static Invocation invocation(String key) {
		return new Invocation(UUID.randomUUID().toString(), "accounts", key, "com.example.Account", "apply",
				"deposit 1".getBytes(StandardCharsets.UTF_8));
	}

}
