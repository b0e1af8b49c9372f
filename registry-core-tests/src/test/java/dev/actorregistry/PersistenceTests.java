package dev.actorregistry;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.persistence.StateLoadException;
import dev.actorregistry.persistence.StateSaveException;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;
import dev.actorregistry.test.FlakyStateStore;
import dev.actorregistry.test.HeldScheduler;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.SerializingCodec;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.blockOn;
import static dev.actorregistry.test.Waits.eventually;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * State persistence through the {@link StateStore} SPI: load before the first message,
 * save on every stop, snapshots, write-through, failed saves and fencing. The store is an
 * {@link InMemoryStateStore} that can be switched off like a database that went down.
 */
class PersistenceTests {

	private static final String NAME = "accounts";

	private final ManualClock clock = new ManualClock();

	// the tests sweep idle actors themselves, with the clock they advance
	private final HeldScheduler sweeps = new HeldScheduler();

	private final FlakyStateStore store = new FlakyStateStore();

	private final SerializingCodec codec = new SerializingCodec();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final List<String> conflicts = new CopyOnWriteArrayList<>();

	private final List<Account> accounts = new CopyOnWriteArrayList<>();

	@AfterEach
	void cleanUp() {
		this.store.up();
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.sweeps.close();
		this.executor.shutdownNow();
	}

	@Test
	void storedStateIsRestoredBeforeOnStartAndTheFirstMessage() {
		this.store.save(NAME, "a", serialized(new Balance(100)), 0);
		ActorRegistry<String, Account> registry = registry(UnaryOperator.identity());

		assertThat(registry.ask("a", (account) -> account.add(5)).join()).isEqualTo(105);
		assertThat(this.accounts.get(0).calls).startsWith("restore", "onStart");
		assertThat(registry.child("a").orElseThrow().persistence().revision()).isEqualTo(1);
	}

	@Test
	void keyWithNothingStoredStartsWithItsInitialStateAndRevisionZero() {
		ActorRegistry<String, Account> registry = registry(UnaryOperator.identity());

		assertThat(registry.ask("a", Account::amount).join()).isZero();
		assertThat(this.accounts.get(0).calls).contains("onStart").doesNotContain("restore");
		ChildInfo.Persistence persistence = registry.child("a").orElseThrow().persistence();
		assertThat(persistence.revision()).isZero();
		assertThat(persistence.savedAt()).isNull();
	}

	@Test
	void stateSurvivesPassivationAndANewRegistry() {
		ActorRegistry<String, Account> registry = registry(UnaryOperator.identity());
		registry.ask("a", (account) -> account.add(7)).join();
		registry.stop("a").join();
		assertThat(this.store.load(NAME, "a")).hasValueSatisfying((stored) -> {
			assertThat(stored.revision()).isEqualTo(1);
			assertThat(this.codec.decode(stored.state().data(), Balance.class)).isEqualTo(new Balance(7));
			assertThat(stored.state().type()).isEqualTo(Balance.class.getName());
		});
		assertThat(registry.ask("a", (account) -> account.add(1)).join()).isEqualTo(8);

		registry.close();
		ActorRegistry<String, Account> restarted = registry(UnaryOperator.identity());
		assertThat(restarted.ask("a", Account::amount).join()).isEqualTo(8);
		assertThat(restarted.child("a").orElseThrow().persistence().revision()).isEqualTo(2);
	}

	// MIGRATED needs a cluster: HandOffTests shows its final save
	@ParameterizedTest
	@EnumSource(value = StopReason.class, names = { "RESTARTED", "MIGRATED" }, mode = EnumSource.Mode.EXCLUDE)
	void everyStopSavesTheState(StopReason reason) {
		ActorRegistry<String, Account> registry = registry((builder) -> builder.idleTimeout(Duration.ofMinutes(10))
			.maxActive(1)
			.failurePolicy((reason == StopReason.FAILED) ? FailurePolicy.STOP : FailurePolicy.RESUME));
		registry.ask("a", (account) -> account.add(3)).join();
		Account account = this.accounts.get(0);
		awaitIdle(registry, "a");

		switch (reason) {
			case STOPPED -> registry.stop("a").join();
			case IDLE -> {
				this.clock.advance(Duration.ofMinutes(11));
				assertThat(RegistryTestKit.of(registry).passivateIdle()).isEqualTo(1);
			}
			case EVICTED -> registry.lookupOrStart("b");
			case FAILED -> registry.tell("a", (actor) -> {
				actor.add(1);
				throw new IllegalStateException("boom");
			});
			case DRAINED -> assertThat(registry.drain(TIMEOUT).statesNotSaved()).isZero();
			default -> throw new IllegalArgumentException(reason.name());
		}

		eventually().untilAsserted(() -> assertThat(account.calls).contains("onStop"));
		long expected = (reason == StopReason.FAILED) ? 4 : 3;
		assertThat(storedBalance("a")).isEqualTo(new Balance(expected));
		// saved before onStop, so onStop sees its state safe
		assertThat(account.calls.subList(account.calls.lastIndexOf("snapshot"), account.calls.size()))
			.containsExactly("snapshot", "onStop");
	}

	@Test
	void unchangedStateIsNotSavedAgain() {
		ActorRegistry<String, Account> registry = registry(UnaryOperator.identity());
		registry.ask("a", (account) -> account.add(2)).join();
		registry.stop("a").join();
		registry.ask("a", Account::amount).join();
		registry.stop("a").join();

		assertThat(this.store.saves).hasValue(1);
		assertThat(this.store.load(NAME, "a").orElseThrow().revision()).isEqualTo(1);
	}

	@Test
	void anActorThatFoundNothingStoredAndChangedNothingIsDroppedWithoutASave() {
		// a request for an id nobody uses: the actor reads, finds nothing, and is evicted
		ActorRegistry<String, Account> registry = registry((builder) -> builder.maxActive(1));
		assertThat(registry.ask("stranger", Account::amount).join()).isZero();
		awaitIdle(registry, "stranger");

		registry.lookupOrStart("b");

		eventually().untilAsserted(() -> assertThat(this.accounts.get(0).calls).contains("onStop"));
		assertThat(registry.lookup("stranger")).isEmpty();
		assertThat(this.store.saves).hasValue(0);
		assertThat(this.store.load(NAME, "stranger")).isEmpty();
	}

	@Test
	void failedLoadFailsTheActivationInsteadOfStartingWithEmptyState() {
		this.store.save(NAME, "a", serialized(new Balance(50)), 0);
		ActorRegistry<String, Account> registry = registry(UnaryOperator.identity());
		this.store.down();

		assertThatExceptionOfType(StateLoadException.class).isThrownBy(() -> registry.lookupOrStart("a"))
			.withMessageContainingAll("'accounts'", "'a'", "could not be loaded", "Check the state store")
			.withMessageNotContaining("the store is down")
			.withStackTraceContaining("the store is down")
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo("a"));
		assertThat(registry.size()).isZero();
		assertThat(registry.lookup("a")).isEmpty();

		this.store.up();
		assertThat(registry.ask("a", Account::amount).join()).isEqualTo(50);
	}

	@Test
	void unreadableStoredStateFailsTheActivation() {
		this.store.save(NAME, "a", new SerializedState("com.example.Old", new byte[] { 1, 2, 3 }), 0);
		ActorRegistry<String, Account> registry = registry(UnaryOperator.identity());

		assertThatExceptionOfType(ActorStartException.class).isThrownBy(() -> registry.lookupOrStart("a"))
			.withMessageContainingAll("'a'", "could not be loaded")
			.withMessageNotContaining("com.example.Old")
			.satisfies((ex) -> assertThat(ex.getCause()).hasMessageContainingAll("revision 1", "com.example.Old",
					Balance.class.getName()));
		assertThat(this.accounts).allSatisfy((account) -> assertThat(account.calls).doesNotContain("onStart"));
	}

	@Test
	void snapshotsSaveOnlyActorsThatChanged() {
		ActorRegistry<String, Account> registry = registry(UnaryOperator.identity());
		registry.ask("a", Account::amount).join();
		registry.ask("b", (account) -> account.add(4)).join();
		long processed = registry.child("b").orElseThrow().processed();

		// a ran a message but did not change; b changed
		assertThat(RegistryTestKit.of(registry).requestSnapshots()).isEqualTo(2);
		// a message sent after the snapshot turn runs after it
		registry.ask("a", Account::amount).join();
		registry.ask("b", Account::amount).join();
		assertThat(this.store.load(NAME, "a")).isEmpty();
		assertThat(storedBalance("b")).isEqualTo(new Balance(4));
		assertThat(registry.child("b").orElseThrow().processed()).isEqualTo(processed + 1);

		// nothing ran since the snapshot but reads: b is saved at most once more, and
		// not at all as its state did not change
		RegistryTestKit.of(registry).requestSnapshots();
		registry.ask("b", Account::amount).join();
		assertThat(this.store.saves).hasValue(1);
		assertThat(registry.child("b").orElseThrow().persistence().unsavedMessages()).isEqualTo(1);
	}

	@Test
	void snapshotIsNotActivity() {
		ActorRegistry<String, Account> registry = registry((builder) -> builder.idleTimeout(Duration.ofMinutes(10)));
		registry.ask("a", (account) -> account.add(1)).join();
		awaitIdle(registry, "a");
		this.clock.advance(Duration.ofMinutes(9));
		RegistryTestKit.of(registry).requestSnapshots();
		eventually().until(() -> this.store.saves.get() == 1);
		this.clock.advance(Duration.ofMinutes(2));

		assertThat(RegistryTestKit.of(registry).passivateIdle()).isEqualTo(1);
	}

	@Test
	void writeThroughSavesBeforeTheReply() {
		ActorRegistry<String, Account> registry = registry((builder) -> builder.writeThrough(true));

		// runs as the reply completes: the save must be visible by then
		CompletableFuture<Balance> seenByReply = registry.ask("a", (account) -> account.add(9))
			.thenApply((amount) -> storedBalance("a"));

		assertThat(seenByReply.join()).isEqualTo(new Balance(9));
		registry.ask("a", Account::amount).join();
		assertThat(this.store.saves).hasValue(1);
	}

	@Test
	void failedWriteThroughFailsTheReplyKeepsTheStateAndIsRetried() throws Exception {
		ActorRegistry<String, Account> registry = registry((builder) -> builder.writeThrough(true));
		registry.ask("a", (account) -> account.add(1)).join();
		this.store.down();

		Throwable failure = failureOf(registry.ask("a", (account) -> account.add(10)));

		assertThat(failure).isInstanceOf(StateSaveException.class)
			.hasMessageContainingAll("'accounts'", "'a'", "after a message", "retried");
		assertThat(storedRevision("a")).isEqualTo(1);
		this.store.up();
		// the next message saves both changes, as one new revision
		assertThat(registry.ask("a", (account) -> account.add(100)).join()).isEqualTo(111);
		assertThat(this.store.load(NAME, "a").orElseThrow().revision()).isEqualTo(2);
		assertThat(storedBalance("a")).isEqualTo(new Balance(111));
	}

	/**
	 * The race: the stop's turn fails its save and reopens the actor before {@code stop}
	 * has handed out its future. A direct executor runs the turn inside {@code stop}, so
	 * the turn always wins.
	 */
	@Test
	void stopWhoseFinalSaveFailsAtOnceStillFailsItsFuture() throws Exception {
		ActorRegistry<String, Account> registry = registry((builder) -> builder.executor(Runnable::run));
		registry.ask("a", (account) -> account.add(5)).join();
		this.store.down();
		for (int attempt = 1; attempt <= 3; attempt++) {
			assertThat(failureOf(registry.stop("a"))).isInstanceOf(StateSaveException.class);
			assertThat(registry.lookup("a")).isPresent();
		}
		this.store.up();
		registry.stop("a").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(registry.lookup("a")).isEmpty();
		assertThat(storedBalance("a")).isEqualTo(new Balance(5));
	}

	/**
	 * Messages sent by key while the actor stops wait for its next activation; when the
	 * final save fails and the actor stays live instead, they run on it, in the order
	 * sent, and no second instance is ever made.
	 */
	@Test
	void messagesSentWhileAStopFailsToSaveRunOnTheActorThatStaysLive() throws Exception {
		ActorRegistry<String, Account> registry = registry((builder) -> builder);
		ActorRef<String, Account> ref = registry.lookupOrStart("a");
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Long> held = blockOn(ref, release, (account) -> account.add(1));
		CompletableFuture<Void> stopped = registry.stop("a");
		List<CompletableFuture<Long>> sentWhileStopping = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			sentWhileStopping.add(registry.ask("a", (account) -> account.add(10)));
		}
		this.store.down();
		release.countDown();

		assertThat(held.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		assertThat(failureOf(stopped)).isInstanceOf(StateSaveException.class);
		for (int i = 0; i < 10; i++) {
			assertThat(sentWhileStopping.get(i).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(11 + 10L * i);
		}
		assertThat(registry.lookup("a")).containsSame(ref);
		assertThat(this.accounts).hasSize(1);
		this.store.up();
	}

	@Test
	void failedFinalSaveKeepsTheActorLiveWithItsState() throws Exception {
		ActorRegistry<String, Account> registry = registry((builder) -> builder.idleTimeout(Duration.ofMinutes(10)));
		registry.ask("a", (account) -> account.add(5)).join();
		this.store.down();

		assertThat(failureOf(registry.stop("a"))).isInstanceOf(StateSaveException.class)
			.hasMessageContainingAll("'a'", "as it stops (STOPPED)");
		assertThat(registry.lookup("a")).isPresent();
		assertThat(registry.size()).isEqualTo(1);
		assertThat(registry.ask("a", (account) -> account.add(1)).join()).isEqualTo(6);

		// idle passivation cannot save either: the actor stays, and tries again later
		awaitIdle(registry, "a");
		this.clock.advance(Duration.ofMinutes(11));
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isEqualTo(1);
		eventually().until(() -> registry.lookup("a").isPresent() && this.store.refused.get() == 2);
		this.store.up();
		this.clock.advance(Duration.ofMinutes(11));
		assertThat(RegistryTestKit.of(registry).passivateIdle()).isEqualTo(1);
		eventually().until(() -> this.store.saves.get() == 1);

		assertThat(storedBalance("a")).isEqualTo(new Balance(6));
		assertThat(this.accounts).hasSize(1);
	}

	/**
	 * The store stays down, so the drain runs out its whole timeout. Final saves stop a
	 * tenth of it (at most half a second) before the drain stops waiting, so that the
	 * loss is in the report: the timeout must leave the actor's first save time to
	 * happen, and its last half a second to be counted, on a busy machine. Five seconds
	 * does both.
	 */
	@Test
	void drainRetriesAFailedFinalSaveUntilItsDeadlineThenReportsTheLoss() {
		ActorRegistry<String, Account> registry = registry(UnaryOperator.identity());
		registry.ask("a", (account) -> account.add(5)).join();
		registry.ask("b", (account) -> account.add(6)).join();
		registry.stop("b").join();
		this.store.down();

		DrainReport report = registry.drain(Duration.ofSeconds(5));

		assertThat(report.statesNotSaved()).isEqualTo(1);
		assertThat(report.isComplete()).isFalse();
		assertThat(this.store.refused.get()).isGreaterThan(1);
	}

	@Test
	void drainSavesOnceTheStoreComesBack() throws Exception {
		ActorRegistry<String, Account> registry = registry(UnaryOperator.identity());
		registry.ask("a", (account) -> account.add(5)).join();
		this.store.down();
		CompletableFuture<DrainReport> drain = CompletableFuture.supplyAsync(() -> registry.drain(TIMEOUT),
				this.executor);
		eventually().until(() -> this.store.refused.get() >= 2);
		this.store.up();

		assertThat(drain.get().statesNotSaved()).isZero();
		assertThat(storedBalance("a")).isEqualTo(new Balance(5));
	}

	@Test
	void conflictStopsTheLoserAndFailsItsPendingMessages() throws Exception {
		List<Account> created = this.accounts;
		ActorRegistry<String, Account> winner = registry(UnaryOperator.identity());
		ActorRegistry<String, Account> loser = registry((builder) -> builder.writeThrough(true));
		ActorRef<String, Account> loserRef = loser.lookupOrStart("k");
		winner.ask("k", (account) -> account.add(1)).join();
		winner.stop("k").join();

		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Long> first = blockOn(loserRef, release, (account) -> account.add(100));
		CompletableFuture<Long> pending = loserRef.ask((account) -> account.add(1000));
		release.countDown();

		assertThat(failureOf(first)).isInstanceOf(StateConflictException.class)
			.hasMessageContainingAll("'accounts'", "'k'", "another activation", "Send again by key");
		assertThat(failureOf(pending)).isInstanceOf(StateConflictException.class);
		eventually().until(() -> loser.lookup("k").isEmpty());
		assertThat(this.conflicts).containsExactly("accounts/k");
		assertThat(storedBalance("k")).isEqualTo(new Balance(1));
		assertThat(storedRevision("k")).isEqualTo(1);
		// the loser's next activation reads the winner's state
		assertThat(loser.ask("k", Account::amount).join()).isEqualTo(1);
		assertThat(created).hasSize(3);
	}

	@Test
	void restartReloadsTheLastSavedState() {
		ActorRegistry<String, Account> registry = registry((builder) -> builder.failurePolicy(FailurePolicy.RESTART));
		registry.ask("a", (account) -> account.add(5)).join();
		RegistryTestKit.of(registry).requestSnapshots();
		registry.ask("a", (account) -> account.add(3)).join();

		registry.tell("a", (account) -> {
			throw new IllegalStateException("boom");
		});

		assertThat(registry.ask("a", Account::amount).join()).isEqualTo(5);
		assertThat(this.accounts).hasSize(2);
	}

	@Test
	void stateTypeIsReadFromTheActorsDeclaration() {
		assertThat(new Account().stateType()).isEqualTo(Balance.class);
		assertThat(new SavingsAccount().stateType()).isEqualTo(Balance.class);
	}

	@Test
	void settingsShowPersistence() {
		ActorRegistry<String, Account> registry = registry(
				(builder) -> builder.snapshotInterval(Duration.ofSeconds(30)).writeThrough(true));

		RegistrySettings settings = registry.settings();
		assertThat(settings.persistent()).isTrue();
		assertThat(settings.snapshotInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.writeThrough()).isTrue();
	}

	// helpers

	private ActorRegistry<String, Account> registry(UnaryOperator<ActorRegistryBuilder<String, Account>> customizer) {
		ActorRegistryBuilder<String, Account> builder = ActorRegistry
			.builder(NAME, String.class, (String key, ActorContext<String> context) -> {
				Account account = new Account();
				this.accounts.add(account);
				return account;
			})
			.stateStore(this.store, this.codec)
			.clock(this.clock)
			.executor(this.executor)
			.scheduler(this.sweeps.scheduler())
			.listener(new RegistryListener() {
				@Override
				public void stateConflict(String registry, Object key, StateConflictException conflict) {
					PersistenceTests.this.conflicts.add(registry + "/" + key);
				}
			});
		ActorRegistry<String, Account> registry = customizer.apply(builder).build();
		this.registries.add(registry);
		return registry;
	}

	/**
	 * A reply completes just before its actor's mailbox counts the message finished; only
	 * an actor with an empty mailbox is idle, and can be passivated or evicted.
	 */
	private static void awaitIdle(ActorRegistry<String, Account> registry, String key) {
		eventually().until(() -> registry.child(key).orElseThrow().mailboxSize() == 0);
	}

	private SerializedState serialized(Balance balance) {
		return new SerializedState(Balance.class.getName(), this.codec.encode(balance));
	}

	private Balance storedBalance(String key) {
		return this.codec.decode(this.store.delegate().load(NAME, key).orElseThrow().state().data(), Balance.class);
	}

	private long storedRevision(String key) {
		return this.store.delegate().load(NAME, key).map(StoredState::revision).orElse(0L);
	}

	record Balance(long amount) implements Serializable {
	}

	static class Account implements PersistentActor<Balance>, ActorLifecycle {

		final List<String> calls = new CopyOnWriteArrayList<>();

		private long amount;

		long add(long delta) {
			this.amount += delta;
			return this.amount;
		}

		long amount() {
			return this.amount;
		}

		@Override
		public Balance snapshot() {
			this.calls.add("snapshot");
			return new Balance(this.amount);
		}

		@Override
		public void restore(Balance state) {
			this.calls.add("restore");
			this.amount = state.amount();
		}

		@Override
		public void onStart() {
			this.calls.add("onStart");
		}

		@Override
		public void onStop(StopReason reason) {
			this.calls.add("onStop");
		}

	}

	static final class SavingsAccount extends Account {

	}

}
