package dev.actorregistry;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StateSaveException;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;
import dev.actorregistry.test.FlakyStateStore;
import dev.actorregistry.test.SerializingCodec;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit under write-through: the messages of one step of a run are applied, their
 * state is saved once, and their replies complete only after that save. Groups are made
 * deterministically: a first save is held on a latch while the test queues the messages
 * of the next group, and that group's save is held again while the test looks at its
 * replies.
 */
class GroupCommitTests {

	private static final String NAME = "accounts";

	private static final String KEY = "a";

	private final FlakyStateStore flaky = new FlakyStateStore();

	private final GatedStore store = new GatedStore(this.flaky);

	private final SerializingCodec codec = new SerializingCodec();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	/** Messages the actors ran, read while a save holds the actor's thread. */
	private final AtomicInteger runs = new AtomicInteger();

	private final IllegalStateException boom = new IllegalStateException("boom");

	@AfterEach
	void cleanUp() {
		this.flaky.up();
		this.store.open();
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.executor.shutdownNow();
	}

	@Test
	void noReplyOfAGroupCompletesBeforeItsSaveAndEachGetsItsOwnResultAfter() throws Exception {
		ActorRegistry<String, Account> registry = registry(FailurePolicy.RESUME);
		CompletableFuture<Long> first = registry.ask(KEY, (account) -> account.add(1));
		this.store.awaitSaveHeld();
		List<CompletableFuture<Long>> group = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			long delta = 10L * i;
			group.add(registry.ask(KEY, (account) -> account.add(delta)));
		}
		registry.tell(KEY, (account) -> account.add(1000));

		this.store.releaseOne();
		assertThat(first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		// the group ran, and its save is held: no reply of it may be complete
		this.store.awaitSaveHeld();
		assertThat(this.runs).hasValue(12);
		assertThat(group).noneMatch(CompletableFuture::isDone);

		this.store.releaseOne();
		long expected = 1;
		for (int i = 1; i <= 10; i++) {
			expected += 10L * i;
			assertThat(group.get(i - 1).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(expected);
		}
		assertThat(storedBalance()).isEqualTo(new Balance(expected + 1000));
		// twelve messages, two saves: the first message's, and the group's
		assertThat(this.flaky.saves).hasValue(2);
	}

	@Test
	void failedSaveFailsEveryReplyOfItsGroupAndTheNextGroupStoresTheChangesKeptInMemory() throws Exception {
		ActorRegistry<String, Account> registry = registry(FailurePolicy.RESUME);
		CompletableFuture<Long> first = registry.ask(KEY, (account) -> account.add(1));
		this.store.awaitSaveHeld();
		List<CompletableFuture<Long>> group = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			group.add(registry.ask(KEY, (account) -> account.add(10)));
		}
		this.store.releaseOne();
		assertThat(first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		this.store.awaitSaveHeld();
		this.flaky.down();

		this.store.releaseOne();
		for (CompletableFuture<Long> reply : group) {
			assertThat(failureOf(reply)).isInstanceOf(StateSaveException.class)
				.hasMessageContainingAll("'accounts'", "'a'");
		}
		assertThat(this.flaky.refused).hasValue(1);
		assertThat(storedBalance()).isEqualTo(new Balance(1));

		this.flaky.up();
		this.store.open();
		assertThat(registry.ask(KEY, (account) -> account.add(100)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
			.isEqualTo(151);
		assertThat(storedBalance()).isEqualTo(new Balance(151));
	}

	/**
	 * A group of three: one that succeeds, one that changes the state and throws, one
	 * that succeeds. Each keeps its own outcome, and the change acknowledged before the
	 * throw is stored whatever the policy does next.
	 */
	@ParameterizedTest
	@EnumSource(FailurePolicy.class)
	void messagesThatThrowAndSucceedInOneGroupKeepTheirOwnOutcomes(FailurePolicy policy) throws Exception {
		ActorRegistry<String, Account> registry = registry(policy);
		CompletableFuture<Long> first = registry.ask(KEY, (account) -> account.add(1));
		this.store.awaitSaveHeld();
		CompletableFuture<Long> before = registry.ask(KEY, (account) -> account.add(10));
		CompletableFuture<Long> thrower = registry.ask(KEY, (account) -> {
			account.add(100);
			throw this.boom;
		});
		CompletableFuture<Long> after = registry.ask(KEY, (account) -> account.add(1000));

		this.store.open();

		assertThat(first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		assertThat(before.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(11);
		assertThat(failureOf(thrower)).isSameAs(this.boom);
		switch (policy) {
			case RESUME -> {
				// the thrower's change stays, as after any message
				assertThat(after.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1111);
				assertThat(storedBalance()).isEqualTo(new Balance(1111));
				assertThat(this.flaky.saves).hasValue(2);
			}
			case RESTART -> {
				// the state stored before the restart is the one acknowledged, without
				// the
				// thrower's change, and the restarted actor goes on from it
				assertThat(after.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1011);
				assertThat(storedBalance()).isEqualTo(new Balance(1011));
				assertThat(this.flaky.saves).hasValue(3);
			}
			case STOP -> {
				// what follows the thrower is abandoned; the stop saves what it left
				assertThat(failureOf(after)).isInstanceOf(ActorStoppedException.class);
				eventually().until(() -> registry.lookup(KEY).isEmpty());
				assertThat(storedBalance()).isEqualTo(new Balance(111));
			}
		}
	}

	/**
	 * A cycle of blocking asks through a held reply: the other actor's turn waits for a
	 * reply of this actor's group, and this actor's next message, having changed its
	 * state, blocks on an ask of the other. Before it blocks, the state as of the end of
	 * the previous message is saved and the replies it covers are answered, so the cycle
	 * resolves; the blocking message's own change waits for the next save.
	 */
	@Test
	void blockingAskSavesTheStateAsOfThePreviousMessageAndAnswersTheHeldRepliesFirst() throws Exception {
		ActorRegistry<String, Account> registry = registry(FailurePolicy.RESUME);
		Cycle cycle = new Cycle(registry);

		// the early save: the state after "inner" and "plain", without the blocking
		// message's own change, and none of the replies it covers complete before it
		this.store.awaitSaveHeld();
		assertThat(this.store.savedOf(KEY)).containsExactly(new Balance(1), new Balance(1011));
		assertThat(cycle.inner.get()).isNotDone();
		assertThat(cycle.plain).isNotDone();
		assertThat(cycle.askingOther).isNotDone();
		assertThat(cycle.fromOther).isNotDone();

		this.store.open();
		assertThat(cycle.inner.get().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(11);
		assertThat(cycle.plain.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1011);
		assertThat(cycle.fromOther.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(11);
		assertThat(cycle.askingOther.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1111);
		assertThat(cycle.later.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1116);
		assertThat(storedBalance()).isEqualTo(new Balance(1116));
		// the blocking message's change is saved with the messages after it
		assertThat(this.store.savedOf(KEY)).containsExactly(new Balance(1), new Balance(1011), new Balance(1116));
	}

	/**
	 * The early save before a blocking ask fails: exactly the replies it held fail with
	 * its failure; the blocking ask goes on, and the message that blocked and those after
	 * it are answered by the next save, which stores the changes kept in memory.
	 */
	@Test
	void failedEarlySaveFailsExactlyTheHeldRepliesAndTheBlockingAskGoesOn() throws Exception {
		ActorRegistry<String, Account> registry = registry(FailurePolicy.RESUME);
		Cycle cycle = new Cycle(registry);

		this.store.awaitSaveHeld();
		this.flaky.down();
		this.store.releaseOne();
		assertThat(failureOf(cycle.inner.get())).isInstanceOf(StateSaveException.class)
			.hasMessageContainingAll("'accounts'", "'a'");
		assertThat(failureOf(cycle.plain)).isInstanceOf(StateSaveException.class);
		assertThat(this.flaky.refused).hasValue(1);
		assertThat(cycle.askingOther).isNotDone();
		assertThat(cycle.later).isNotDone();

		this.flaky.up();
		this.store.open();
		// the other actor was answered, with the failure, and went on
		assertThat(cycle.fromOther.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(-1);
		assertThat(cycle.askingOther.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1111);
		assertThat(cycle.later.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1116);
		assertThat(storedBalance()).isEqualTo(new Balance(1116));
	}

	/**
	 * Sets up the cycle: the first save of {@link #KEY} is held while the other actor's
	 * turn blocks on an ask of it ("inner", adding 10), and behind that ask queue "plain"
	 * (adding 1000), "askingOther" (adding 100, then blocking on an ask of the other
	 * actor, which waits for "inner") and "later" (adding 5). Then the held save is let
	 * through, and the next save, the early one, waits at the gate.
	 */
	private final class Cycle {

		final AtomicReference<CompletableFuture<Long>> inner = new AtomicReference<>();

		final CompletableFuture<Long> fromOther;

		final CompletableFuture<Long> plain;

		final CompletableFuture<Long> askingOther;

		final CompletableFuture<Long> later;

		Cycle(ActorRegistry<String, Account> registry) throws Exception {
			CompletableFuture<Long> first = registry.ask(KEY, (account) -> account.add(1));
			GroupCommitTests.this.store.awaitSaveHeld();
			this.fromOther = registry.ask("other", (other) -> {
				CompletableFuture<Long> reply = registry.ask(KEY, (account) -> account.add(10));
				this.inner.set(reply);
				try {
					return reply.join();
				}
				catch (CompletionException ex) {
					return -1L;
				}
			});
			// the other actor's ask is queued behind the held save
			eventually().until(() -> registry.child(KEY).orElseThrow().mailboxSize() == 2);
			this.plain = registry.ask(KEY, (account) -> account.add(1000));
			this.askingOther = registry.ask(KEY, (account) -> {
				account.add(100);
				registry.ask("other", (other) -> other.add(0)).join();
				return account.add(0);
			});
			this.later = registry.ask(KEY, (account) -> account.add(5));
			GroupCommitTests.this.store.releaseOne();
			assertThat(first.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		}

	}

	// helpers

	private ActorRegistry<String, Account> registry(FailurePolicy policy) {
		ActorRegistry<String, Account> registry = ActorRegistry
			.builder(NAME, String.class, (String key, ActorContext<String> context) -> new Account(this.runs))
			.stateStore(this.store, this.codec)
			.writeThrough(true)
			.failurePolicy(policy)
			.executor(this.executor)
			.build();
		this.registries.add(registry);
		return registry;
	}

	private Balance storedBalance() {
		return this.codec.decode(this.flaky.delegate().load(NAME, KEY).orElseThrow().state().data(), Balance.class);
	}

	record Balance(long amount) implements Serializable {
	}

	static final class Account implements PersistentActor<Balance> {

		private final AtomicInteger runs;

		private long amount;

		Account(AtomicInteger runs) {
			this.runs = runs;
		}

		long add(long delta) {
			this.runs.incrementAndGet();
			this.amount += delta;
			return this.amount;
		}

		@Override
		public Balance snapshot() {
			return new Balance(this.amount);
		}

		@Override
		public void restore(Balance state) {
			this.amount = state.amount();
		}

	}

	/**
	 * A store whose saves wait, while it is gated, for the test to let each through, and
	 * tell the test when one waits.
	 */
	static final class GatedStore implements StateStore {

		private final StateStore delegate;

		private final Semaphore held = new Semaphore(0);

		private final Semaphore passes = new Semaphore(0);

		private volatile boolean gated = true;

		/** Each save's key and state, as it reached the store, before the gate. */
		private final List<Map.Entry<String, SerializedState>> saves = new CopyOnWriteArrayList<>();

		private final SerializingCodec codec = new SerializingCodec();

		GatedStore(StateStore delegate) {
			this.delegate = delegate;
		}

		/** Wait until a save waits at the gate. */
		void awaitSaveHeld() throws InterruptedException {
			assertThat(this.held.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("a save waits at the gate")
				.isTrue();
		}

		/** The balances the saves of a key carried, in order, failed ones included. */
		List<Balance> savedOf(String key) {
			return this.saves.stream()
				.filter((save) -> save.getKey().equals(key))
				.map((save) -> this.codec.decode(save.getValue().data(), Balance.class))
				.toList();
		}

		/** Let one waiting save through. */
		void releaseOne() {
			this.passes.release();
		}

		/** Let every save through, now and from now on. */
		void open() {
			this.gated = false;
			this.passes.release(Integer.MAX_VALUE / 2);
		}

		@Override
		public long save(String registry, String key, SerializedState state, long expectedRevision) {
			this.saves.add(Map.entry(key, state));
			if (this.gated) {
				this.held.release();
				try {
					if (!this.passes.tryAcquire(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
						throw new IllegalStateException("The test did not let the save through within " + TIMEOUT);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
			return this.delegate.save(registry, key, state, expectedRevision);
		}

		@Override
		public Optional<StoredState> load(String registry, String key) {
			return this.delegate.load(registry, key);
		}

		@Override
		public boolean delete(String registry, String key) {
			return this.delegate.delete(registry, key);
		}

		@Override
		public Optional<StoredState> loadRevision(String registry, String key, long revision) {
			return this.delegate.loadRevision(registry, key, revision);
		}

		@Override
		public List<StoredState> revisions(String registry, String key, Instant from, Instant to) {
			return this.delegate.revisions(registry, key, from, to);
		}

	}

}
