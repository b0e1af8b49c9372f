package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each {@link FailurePolicy} does with the failing actor and with the messages
 * queued behind the failing one. Messages are queued deterministically: a first message
 * blocks on a latch, the failing one and the rest are sent while it blocks, then the
 * latch is released.
 */
class FailurePolicyTests {

	private static final String NAME = "policy-tests";

	private static final String KEY = "order-17";

	private static final int QUEUED = 3;

	// An executor of its own: a test that fails while an actor blocks cannot starve the
	// shared pool that other tests use.
	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private final ProbeFactory factory = new ProbeFactory();

	private final RecordingListener listener = new RecordingListener();

	private final IllegalStateException boom = new IllegalStateException("boom");

	@AfterEach
	void cleanUp() {
		this.release.countDown();
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.executor.shutdownNow();
	}

	@Test
	void resumeKeepsTheInstanceAndRunsTheQueuedMessagesOnIt() throws Exception {
		ActorRegistry<String, Probe> registry = registry(FailurePolicy.RESUME);
		ActorRef<String, Probe> ref = registry.lookupOrStart(KEY);
		CompletableFuture<Probe> blocker = blockOn(ref);
		CompletableFuture<Probe> failing = ref.ask(this::fail);
		List<CompletableFuture<Probe>> queued = askSelf(ref, QUEUED);
		this.release.countDown();

		Probe instance = blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(failureOf(failing)).isSameAs(this.boom);
		for (CompletableFuture<Probe> reply : queued) {
			assertThat(reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(instance);
		}
		assertThat(instance.log).containsExactly("blocker", "failing", "queued-1", "queued-2", "queued-3");
		assertThat(this.factory.created).containsExactly(instance);
		assertThat(instance.stops).isEmpty();
		assertThat(this.factory.destroyed).isEmpty();
		assertThat(ref.isAlive()).isTrue();
		assertThat(registry.lookup(KEY)).containsSame(ref);
		// the last reply may reach us a moment before the counters of its turn
		eventually().untilAsserted(() -> assertThat(registry.child(KEY)).hasValueSatisfying((child) -> {
			assertThat(child.actor()).isSameAs(instance);
			assertThat(child.status()).isEqualTo(ActorStatus.ACTIVE);
			assertThat(child.processed()).isEqualTo(2 + QUEUED);
			assertThat(child.failures()).isEqualTo(1);
		}));
	}

	@Test
	void restartReplacesTheInstanceAndRunsTheQueuedMessagesOnTheFreshOne() throws Exception {
		ActorRegistry<String, Probe> registry = registry(FailurePolicy.RESTART);
		ActorRef<String, Probe> ref = registry.lookupOrStart(KEY);
		CompletableFuture<Probe> blocker = blockOn(ref);
		CompletableFuture<Probe> failing = ref.ask(this::fail);
		List<CompletableFuture<Probe>> queued = askSelf(ref, QUEUED);
		this.release.countDown();

		Probe first = blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(failureOf(failing)).isSameAs(this.boom);
		Probe second = queued.get(0).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(second).isNotSameAs(first);
		for (CompletableFuture<Probe> reply : queued) {
			assertThat(reply.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(second);
		}
		assertThat(this.factory.calls).hasValue(2);
		assertThat(this.factory.created).containsExactly(first, second);
		assertThat(first.log).containsExactly("blocker", "failing");
		assertThat(second.log).containsExactly("queued-1", "queued-2", "queued-3");
		// the old instance is stopped and released before the fresh one is made
		assertThat(this.factory.events).containsExactly("create-1", "onStart-1", "onStop-1-RESTARTED", "destroy-1",
				"create-2", "onStart-2");
		assertThat(first.stops).containsExactly(StopReason.RESTARTED);
		assertThat(second.stops).isEmpty();
		assertThat(this.factory.destroyed).containsExactly(first);
		// the key stays live through the restart, on the same ref
		assertThat(ref.isAlive()).isTrue();
		assertThat(registry.lookup(KEY)).containsSame(ref);
		assertThat(registry.size()).isEqualTo(1);
		assertThat(this.listener.restarts).containsExactly(KEY + ": " + this.boom);
		assertThat(this.listener.restartCauses).singleElement().isSameAs(this.boom);
		eventually().untilAsserted(() -> assertThat(registry.child(KEY)).hasValueSatisfying((child) -> {
			assertThat(child.actor()).isSameAs(second);
			assertThat(child.failures()).isEqualTo(1);
		}));
	}

	@Test
	void restartWhoseFactoryThrowsStopsTheActorAndFailsTheQueuedMessages() throws Exception {
		RuntimeException factoryFailure = new IllegalStateException("no fresh instance today");
		this.factory.failOnCall(2, factoryFailure);
		ActorRegistry<String, Probe> registry = registry(FailurePolicy.RESTART);
		ActorRef<String, Probe> ref = registry.lookupOrStart(KEY);
		CompletableFuture<Probe> blocker = blockOn(ref);
		CompletableFuture<Probe> failing = ref.ask(this::fail);
		List<CompletableFuture<Probe>> queued = askSelf(ref, QUEUED);
		this.release.countDown();

		Probe first = blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(failureOf(failing)).isSameAs(this.boom);
		for (CompletableFuture<Probe> reply : queued) {
			Throwable failure = failureOf(reply);
			assertThat(failure).isInstanceOf(ActorStoppedException.class);
			assertThat(((ActorStoppedException) failure).key()).isEqualTo(KEY);
			assertThat(((ActorStoppedException) failure).reason()).isEqualTo(ActorStoppedException.Reason.ABANDONED);
			assertThat(failure.getMessage()).contains("'" + NAME + "'", "'" + KEY + "'");
			// the caller can tell why: the restart could not start a fresh instance
			List<Throwable> chain = causeChain(failure);
			assertThat(chain).anySatisfy((cause) -> assertThat(cause).isInstanceOf(ActorStartException.class));
			assertThat(chain).last().isSameAs(factoryFailure);
		}
		// none of the queued messages ran on the failed instance
		assertThat(first.log).containsExactly("blocker", "failing");
		assertThat(this.factory.calls).hasValue(2);
		assertThat(this.factory.created).containsExactly(first);
		assertThat(first.stops).containsExactly(StopReason.RESTARTED);
		assertThat(this.factory.destroyed).containsExactly(first);
		assertThat(ref.isAlive()).isFalse();
		assertThat(registry.lookup(KEY)).isEmpty();
		assertThat(registry.size()).isZero();
		eventually().untilAsserted(() -> assertThat(this.listener.stops).containsExactly(KEY + ": FAILED"));
		assertThat(this.listener.restarts).isEmpty();
		assertThat(this.listener.abandoned).hasValue(QUEUED);
		// the failed restart is not cached: sending by key starts afresh
		Probe third = registry.ask(KEY, Probe::self).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(third.generation).isEqualTo(3);
		assertThat(registry.size()).isEqualTo(1);
	}

	@Test
	void stopRemovesTheActorAndFailsTheQueuedMessagesWithTheCause() throws Exception {
		ActorRegistry<String, Probe> registry = registry(FailurePolicy.STOP);
		ActorRef<String, Probe> ref = registry.lookupOrStart(KEY);
		CompletableFuture<Probe> blocker = blockOn(ref);
		CompletableFuture<Probe> failing = ref.ask(this::fail);
		List<CompletableFuture<Probe>> queued = askSelf(ref, QUEUED);
		this.release.countDown();

		Probe first = blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(failureOf(failing)).isSameAs(this.boom);
		for (CompletableFuture<Probe> reply : queued) {
			Throwable failure = failureOf(reply);
			assertThat(failure).isInstanceOf(ActorStoppedException.class);
			assertThat(failure.getCause()).isSameAs(this.boom);
			assertThat(failure.getMessage()).contains("'" + NAME + "'", "'" + KEY + "'");
		}
		assertThat(first.log).containsExactly("blocker", "failing");
		// removed before anyone can observe it stopped: the queued messages failed after
		// the stop was decided
		assertThat(ref.isAlive()).isFalse();
		assertThat(registry.lookup(KEY)).isEmpty();
		assertThat(registry.size()).isZero();
		eventually().untilAsserted(() -> assertThat(first.stops).containsExactly(StopReason.FAILED));
		eventually().untilAsserted(() -> assertThat(this.factory.destroyed).containsExactly(first));
		eventually().untilAsserted(() -> assertThat(this.listener.stops).containsExactly(KEY + ": FAILED"));
		assertThat(this.listener.abandoned).hasValue(QUEUED);
		assertThat(failureOf(ref.ask(Probe::self))).isInstanceOfSatisfying(ActorStoppedException.class,
				(stale) -> assertThat(stale.reason()).isEqualTo(ActorStoppedException.Reason.STOPPED));
		// the next ask by key reaches a fresh instance
		Probe second = registry.ask(KEY, Probe::self).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(second).isNotSameAs(first);
		assertThat(this.factory.created).containsExactly(first, second);
		assertThat(registry.lookup(KEY)).hasValueSatisfying((fresh) -> assertThat(fresh).isNotSameAs(ref));
		assertThat(registry.size()).isEqualTo(1);
	}

	@Test
	void failingTellIsReportedToTheListener() throws Exception {
		ActorRegistry<String, Probe> registry = registry(FailurePolicy.RESUME);
		ActorRef<String, Probe> ref = registry.lookupOrStart(KEY);
		ref.tell((probe) -> {
			probe.log.add("failing tell");
			throw this.boom;
		});
		Probe instance = ref.ask(Probe::self).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		// the ask's own event may come a moment after its reply
		eventually().untilAsserted(() -> assertThat(this.listener.processed).hasSize(2));
		assertThat(this.listener.processed.get(0).key()).isEqualTo(KEY);
		assertThat(this.listener.processed.get(0).failure()).isSameAs(this.boom);
		assertThat(this.listener.processed.get(1).key()).isEqualTo(KEY);
		assertThat(this.listener.processed.get(1).failure()).isNull();
		// RESUME: the same instance ran the next message
		assertThat(instance.log).containsExactly("failing tell");
		assertThat(this.factory.created).containsExactly(instance);
		assertThat(registry.child(KEY)).hasValueSatisfying((child) -> assertThat(child.failures()).isEqualTo(1));
	}

	private ActorRegistry<String, Probe> registry(FailurePolicy policy) {
		ActorRegistry<String, Probe> registry = ActorRegistry.builder(NAME, String.class, this.factory)
			.failurePolicy(policy)
			.executor(this.executor)
			.listener(this.listener)
			.drainTimeout(TIMEOUT)
			.build();
		this.registries.add(registry);
		return registry;
	}

	private Probe fail(Probe probe) {
		probe.log.add("failing");
		throw this.boom;
	}

	/** Send a message that blocks until released, and wait until it runs. */
	private CompletableFuture<Probe> blockOn(ActorRef<String, Probe> ref) throws InterruptedException {
		return Waits.blockOn(ref, this.release, (probe) -> {
			probe.log.add("blocker");
			return probe;
		});
	}

	private static List<CompletableFuture<Probe>> askSelf(ActorRef<String, Probe> ref, int count) {
		List<CompletableFuture<Probe>> replies = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			String label = "queued-" + i;
			replies.add(ref.ask((probe) -> {
				probe.log.add(label);
				return probe;
			}));
		}
		return replies;
	}

	private static List<Throwable> causeChain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable current = failure; current != null && !chain.contains(current); current = current.getCause()) {
			chain.add(current);
		}
		return chain;
	}

	/** An actor that records the messages it ran and how it stopped. */
	static final class Probe implements ActorLifecycle {

		final int generation;

		final List<String> log = new CopyOnWriteArrayList<>();

		final List<StopReason> stops = new CopyOnWriteArrayList<>();

		private final List<String> events;

		Probe(int generation, List<String> events) {
			this.generation = generation;
			this.events = events;
		}

		Probe self() {
			return this;
		}

		@Override
		public void onStart() {
			this.events.add("onStart-" + this.generation);
		}

		@Override
		public void onStop(StopReason reason) {
			this.stops.add(reason);
			this.events.add("onStop-" + this.generation + "-" + reason);
		}

	}

	/** Counts creations and destructions; can be told to throw on one call. */
	static final class ProbeFactory implements ActorFactory<String, Probe> {

		final AtomicInteger calls = new AtomicInteger();

		final List<Probe> created = new CopyOnWriteArrayList<>();

		final List<Probe> destroyed = new CopyOnWriteArrayList<>();

		final List<String> events = new CopyOnWriteArrayList<>();

		private volatile int failingCall;

		private volatile @Nullable RuntimeException failure;

		void failOnCall(int call, RuntimeException failure) {
			this.failingCall = call;
			this.failure = failure;
		}

		@Override
		public Probe create(String key, ActorContext<String> context) {
			int call = this.calls.incrementAndGet();
			RuntimeException failure = this.failure;
			if (call == this.failingCall && failure != null) {
				this.events.add("create-" + call + "-threw");
				throw failure;
			}
			Probe probe = new Probe(call, this.events);
			this.created.add(probe);
			this.events.add("create-" + call);
			return probe;
		}

		@Override
		public void destroy(String key, Probe actor) {
			this.destroyed.add(actor);
			this.events.add("destroy-" + actor.generation);
		}

	}

	record Processed(Object key, @Nullable Throwable failure) {
	}

	static final class RecordingListener implements RegistryListener {

		final List<Processed> processed = new CopyOnWriteArrayList<>();

		final List<String> restarts = new CopyOnWriteArrayList<>();

		final List<Throwable> restartCauses = new CopyOnWriteArrayList<>();

		final List<String> stops = new CopyOnWriteArrayList<>();

		final AtomicInteger abandoned = new AtomicInteger();

		@Override
		public void messageProcessed(String registry, Object key, long waitNanos, long processNanos,
				@Nullable Throwable failure) {
			this.processed.add(new Processed(key, failure));
		}

		@Override
		public void actorRestarted(String registry, Object key, Throwable cause) {
			this.restarts.add(key + ": " + cause);
			this.restartCauses.add(cause);
		}

		@Override
		public void actorStopped(String registry, Object key, StopReason reason) {
			this.stops.add(key + ": " + reason);
		}

		@Override
		public void messageRejected(String registry, Object key, ActorRegistryException cause) {
			if (cause instanceof ActorStoppedException) {
				this.abandoned.incrementAndGet();
			}
		}

	}

}
