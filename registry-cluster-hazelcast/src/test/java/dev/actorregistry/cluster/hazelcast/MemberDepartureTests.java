package dev.actorregistry.cluster.hazelcast;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
