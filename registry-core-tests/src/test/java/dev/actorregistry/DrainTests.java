package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ActorRegistry#drain}: no new starts while draining, queued work finishes, every
 * actor stops, and whatever did not run is counted. A drain is held open by an actor
 * blocked on a latch, so the test can act while the registry is {@code DRAINING}.
 */
class DrainTests {

	private static final String NAME = "drain-tests";

	private static final String LIVE = "live-1";

	private static final String NEW = "new-2";

	// An executor of its own: a test that fails while an actor blocks cannot starve the
	// shared pool that other tests use. It also runs the drains started in the
	// background.
	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Probe> created = new CopyOnWriteArrayList<>();

	private final List<Probe> destroyed = new CopyOnWriteArrayList<>();

	private final List<ActorRegistryException> rejections = new CopyOnWriteArrayList<>();

	private final List<DrainReport> drained = new CopyOnWriteArrayList<>();

	@AfterEach
	void cleanUp() {
		this.release.countDown();
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.executor.shutdownNow();
	}

	/**
	 * An actor is inside a long message with ten asks queued behind it when a short drain
	 * runs out of time: the drain cannot wait for the message, so the asks will never
	 * run. Its report counts them as abandoned when it returns, not only once the message
	 * ends.
	 */
	@Test
	void aDrainThatRunsOutOfTimeCountsTheMessagesQueuedBehindARunningOneAsAbandoned() throws Exception {
		ActorRegistry<String, Probe> registry = registry();
		ActorRef<String, Probe> ref = registry.lookupOrStart(LIVE);
		CompletableFuture<Integer> longMessage = blockOn(ref);
		List<CompletableFuture<Integer>> queued = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			queued.add(registry.ask(LIVE, Probe::count));
		}

		DrainReport report = registry.drain(Duration.ofMillis(300));

		assertThat(report.actorsNotStopped()).isOne();
		assertThat(report.messagesAbandoned()).isEqualTo(10);
		assertThat(report.isComplete()).isFalse();
		this.release.countDown();
		assertThat(longMessage.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isOne();
		for (CompletableFuture<Integer> ask : queued) {
			assertThat(failureOf(ask)).isInstanceOf(ActorStoppedException.class);
		}
	}

	@Test
	void whileDrainingNewStartsFailButLiveActorsStillAcceptMessages() throws Exception {
		ActorRegistry<String, Probe> registry = registry();
		ActorRef<String, Probe> ref = registry.lookupOrStart(LIVE);
		CompletableFuture<Integer> blocker = blockOn(ref);
		CompletableFuture<DrainReport> drain = drainInBackground(registry, TIMEOUT);
		eventually().until(() -> registry.status() == RegistryStatus.DRAINING);

		CompletableFuture<Integer> askNew = registry.ask(NEW, Probe::count);
		assertThat(askNew).isCompletedExceptionally();
		assertThat(failureOf(askNew)).isInstanceOfSatisfying(RegistryDrainingException.class, names(NEW));
		assertThatExceptionOfType(RegistryDrainingException.class).isThrownBy(() -> registry.lookupOrStart(NEW))
			.satisfies(names(NEW));
		assertThatExceptionOfType(RegistryDrainingException.class).isThrownBy(() -> registry.start(NEW))
			.satisfies(names(NEW));
		assertThatExceptionOfType(RegistryDrainingException.class).isThrownBy(() -> registry.tell(NEW, Probe::count))
			.satisfies(names(NEW));
		assertThat(registry.lookup(NEW)).isEmpty();
		assertThat(this.created).hasSize(1);

		// in-flight work may go on: the live actor takes messages by ref and by key
		CompletableFuture<Integer> byRef = ref.ask(Probe::count);
		CompletableFuture<Integer> byKey = registry.ask(LIVE, Probe::count);
		assertThat(byRef).isNotDone();
		assertThat(byKey).isNotDone();
		// the blocker holds the drain open until released
		assertThat(drain).isNotDone();
		this.release.countDown();

		DrainReport report = drain.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		assertThat(byRef.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
		assertThat(byKey.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(3);
		assertThat(report.actorsStopped()).isEqualTo(1);
		assertThat(report.actorsNotStopped()).isZero();
		// the blocker ended during the drain, so it counts with the two sent during it
		assertThat(report.messagesProcessed()).isEqualTo(3);
		// the ask and the tell to the new key; starts are calls, not messages
		assertThat(report.messagesRejected()).isEqualTo(2);
		assertThat(report.messagesAbandoned()).isZero();
		assertThat(this.rejections).hasSize(2).allMatch(RegistryDrainingException.class::isInstance);
	}

	@Test
	void drainRunsTheQueuedMessagesThenStopsEveryActor() throws Exception {
		ActorRegistry<String, Probe> registry = registry();
		ActorRef<String, Probe> a = registry.lookupOrStart("a");
		registry.lookupOrStart("b");
		registry.lookupOrStart("c");
		CompletableFuture<Integer> blocker = blockOn(a);
		List<CompletableFuture<Integer>> queued = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			queued.add(a.ask(Probe::count));
		}
		CompletableFuture<DrainReport> drain = drainInBackground(registry, TIMEOUT);
		eventually().until(() -> registry.status() == RegistryStatus.DRAINING);
		assertThat(drain).isNotDone();
		this.release.countDown();

		DrainReport report = drain.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		for (int i = 0; i < queued.size(); i++) {
			assertThat(queued.get(i).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(i + 2);
		}
		// every actor stopped, with its hook and its destroy, before drain returned
		assertThat(this.created).hasSize(3)
			.allSatisfy((probe) -> assertThat(probe.stops).containsExactly(StopReason.DRAINED));
		assertThat(this.destroyed).containsExactlyInAnyOrderElementsOf(this.created);
		assertThat(report.registry()).isEqualTo(NAME);
		assertThat(report.actorsStopped()).isEqualTo(3);
		assertThat(report.actorsNotStopped()).isZero();
		// the blocker ended during the drain, so it counts with the five behind it
		assertThat(report.messagesProcessed()).isEqualTo(6);
		assertThat(report.messagesRejected()).isZero();
		assertThat(report.messagesAbandoned()).isZero();
		assertThat(report.isComplete()).isTrue();
		assertThat(this.drained).containsExactly(report);
		assertThat(registry.status()).isEqualTo(RegistryStatus.STOPPED);
		assertThat(registry.size()).isZero();
		assertThat(registry.whichChildren()).isEmpty();
		assertThat(registry.countChildren()).isEqualTo(new ChildCounts(1, 0, 0, 0));
		assertThat(registry.pendingMessages()).isZero();
		assertThat(registry.lookup("a")).isEmpty();
		assertThat(registry.lookup("b")).isEmpty();
		assertThat(registry.lookup("c")).isEmpty();
	}

	/**
	 * The drain's first phase must time out while an actor still has queued messages, and
	 * those messages must still be queued when the drain abandons them. The actor's first
	 * message blocks; the test releases it only once the drain has moved on to stopping
	 * the actor, which the test sees as the ref no longer being alive (the drain closes
	 * the mailbox only after its wait timed out). The release leaves the drain's second
	 * phase, as long again, to fail the queued messages and stop the actor.
	 * <p>
	 * Both phases take the one timeout, so the test cannot make the first short without
	 * making the second short too: the first always runs out, and the second must outlast
	 * a few turns of a busy machine's scheduler. Five seconds is ample for that, and the
	 * price of a test that does not depend on speed.
	 */
	@Test
	void drainThatTimesOutAbandonsTheQueuedMessagesAndSaysSo() throws Exception {
		Duration drainTimeout = Duration.ofSeconds(5);
		int queuedCount = 100;
		ActorRegistry<String, Probe> registry = registry();
		ActorRef<String, Probe> ref = registry.lookupOrStart(LIVE);
		Probe probe = this.created.get(0);
		CompletableFuture<Integer> blocker = blockOn(ref);
		List<CompletableFuture<Integer>> queued = new ArrayList<>();
		for (int i = 0; i < queuedCount; i++) {
			queued.add(ref.ask(Probe::count));
		}
		CompletableFuture<DrainReport> drain = drainInBackground(registry, drainTimeout);
		eventually().until(() -> !ref.isAlive());
		assertThat(drain).isNotDone();
		assertThat(queued).noneMatch(CompletableFuture::isDone);
		this.release.countDown();

		DrainReport report = drain.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		// nothing hangs: once drain returns, every accepted message has its outcome
		assertThat(queued).allMatch(CompletableFuture::isDone);
		// the running message was let finish
		assertThat(blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		for (CompletableFuture<Integer> reply : queued) {
			assertThat(failureOf(reply)).isInstanceOfSatisfying(ActorStoppedException.class, (ex) -> {
				DrainTests.<ActorStoppedException>names(LIVE).accept(ex);
				assertThat(ex.getMessage()).contains("drain ran out of time");
				assertThat(ex.reason()).isEqualTo(ActorStoppedException.Reason.DRAIN_TIMED_OUT);
			});
		}
		assertThat(probe.handled).isEqualTo(1);
		assertThat(probe.stops).containsExactly(StopReason.DRAINED);
		assertThat(report.messagesAbandoned()).isEqualTo(queuedCount);
		assertThat(report.messagesProcessed()).isEqualTo(1);
		assertThat(report.messagesRejected()).isZero();
		assertThat(report.actorsStopped()).isEqualTo(1);
		assertThat(report.actorsNotStopped()).isZero();
		assertThat(report.isComplete()).isFalse();
		// each abandoned message was reported too, never dropped in silence
		assertThat(this.rejections).hasSize(queuedCount).allMatch(ActorStoppedException.class::isInstance);
		assertThat(registry.status()).isEqualTo(RegistryStatus.STOPPED);
		assertThat(registry.size()).isZero();
	}

	@Test
	void secondDrainWaitsForTheFirstAndReturnsItsReportAndCloseAfterwardsDoesNothing() throws Exception {
		ActorRegistry<String, Probe> registry = registry();
		ActorRef<String, Probe> ref = registry.lookupOrStart(LIVE);
		Probe probe = this.created.get(0);
		CompletableFuture<Integer> blocker = blockOn(ref);
		CompletableFuture<Integer> queued = ref.ask(Probe::count);
		CompletableFuture<DrainReport> first = drainInBackground(registry, TIMEOUT);
		eventually().until(() -> registry.status() == RegistryStatus.DRAINING);
		// A zero timeout would abandon the queued message if this call drained on its own
		// rather than wait for the first drain.
		CompletableFuture<DrainReport> second = new CompletableFuture<>();
		Thread secondCaller = new Thread(() -> {
			try {
				second.complete(registry.drain(Duration.ZERO));
			}
			catch (Throwable ex) {
				second.completeExceptionally(ex);
			}
		}, "second-drain");
		secondCaller.start();
		eventually().until(() -> Set.of(Thread.State.BLOCKED, Thread.State.WAITING, Thread.State.TIMED_WAITING)
			.contains(secondCaller.getState()));
		assertThat(first).isNotDone();
		assertThat(second).isNotDone();
		this.release.countDown();

		DrainReport report = first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(second.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(report);
		assertThat(blocker.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		assertThat(queued.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
		assertThat(report.isComplete()).isTrue();
		assertThat(report.messagesProcessed()).isEqualTo(2);

		assertThat(registry.drain(Duration.ZERO)).isEqualTo(report);
		registry.close();
		assertThat(registry.drain(TIMEOUT)).isEqualTo(report);
		// one drain happened: one event, one stop
		assertThat(this.drained).containsExactly(report);
		assertThat(probe.stops).containsExactly(StopReason.DRAINED);
		assertThat(this.destroyed).containsExactly(probe);
		assertThat(registry.status()).isEqualTo(RegistryStatus.STOPPED);
	}

	@Test
	void callsAfterDrainAreRefusedWithRegistryClosed() throws Exception {
		ActorRegistry<String, Probe> registry = registry();
		ActorRef<String, Probe> ref = registry.lookupOrStart(LIVE);
		assertThat(ref.ask(Probe::count).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		registry.drain(TIMEOUT);

		// a key that was live before the drain, and one that never was
		for (String key : List.of(LIVE, NEW)) {
			assertThatExceptionOfType(RegistryClosedException.class).isThrownBy(() -> registry.lookupOrStart(key))
				.satisfies(names(key));
			assertThatExceptionOfType(RegistryClosedException.class).isThrownBy(() -> registry.start(key))
				.satisfies(names(key));
			assertThatExceptionOfType(RegistryClosedException.class).isThrownBy(() -> registry.tell(key, Probe::count))
				.satisfies(names(key));
			CompletableFuture<Integer> ask = registry.ask(key, Probe::count);
			assertThat(ask).isCompletedExceptionally();
			assertThat(failureOf(ask)).isInstanceOfSatisfying(RegistryClosedException.class, names(key));
			assertThat(registry.lookup(key)).isEmpty();
		}
		// a ref from before the drain says its actor stopped
		assertThat(failureOf(ref.ask(Probe::count))).isInstanceOf(ActorStoppedException.class);
		assertThatExceptionOfType(ActorStoppedException.class).isThrownBy(() -> ref.tell(Probe::count));
		// nothing refused ran, and nothing started
		assertThat(this.created).hasSize(1);
		assertThat(this.created.get(0).handled).isEqualTo(1);
		assertThat(registry.size()).isZero();
	}

	private ActorRegistry<String, Probe> registry() {
		ActorRegistry<String, Probe> registry = ActorRegistry
			.builder(NAME, String.class, new ActorFactory<String, Probe>() {

				@Override
				public Probe create(String key, ActorContext<String> context) {
					Probe probe = new Probe();
					DrainTests.this.created.add(probe);
					return probe;
				}

				@Override
				public void destroy(String key, Probe actor) {
					DrainTests.this.destroyed.add(actor);
				}

			})
			.executor(this.executor)
			.listener(new RegistryListener() {

				@Override
				public void messageRejected(String registry, Object key, ActorRegistryException cause) {
					DrainTests.this.rejections.add(cause);
				}

				@Override
				public void registryDrained(DrainReport report) {
					DrainTests.this.drained.add(report);
				}

			})
			.drainTimeout(TIMEOUT)
			.build();
		this.registries.add(registry);
		return registry;
	}

	private CompletableFuture<DrainReport> drainInBackground(ActorRegistry<String, Probe> registry, Duration timeout) {
		return CompletableFuture.supplyAsync(() -> registry.drain(timeout), this.executor);
	}

	private static <E extends ActorRegistryException> Consumer<E> names(String key) {
		return (ex) -> {
			assertThat(ex.registry()).isEqualTo(NAME);
			assertThat(ex.key()).isEqualTo(key);
			assertThat(ex.getMessage()).contains("'" + NAME + "'", "'" + key + "'");
		};
	}

	/** Send a message that blocks until released, and wait until it runs. */
	private CompletableFuture<Integer> blockOn(ActorRef<String, Probe> ref) throws InterruptedException {
		return Waits.blockOn(ref, this.release, Probe::count);
	}

	/** An actor that counts the messages it ran and records how it stopped. */
	static final class Probe implements ActorLifecycle {

		final List<StopReason> stops = new CopyOnWriteArrayList<>();

		volatile int handled;

		int count() {
			return ++this.handled; // only ever on the actor's own turn
		}

		@Override
		public void onStop(StopReason reason) {
			this.stops.add(reason);
		}

	}

}
