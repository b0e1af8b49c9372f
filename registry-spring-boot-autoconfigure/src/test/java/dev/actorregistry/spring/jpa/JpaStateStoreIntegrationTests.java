package dev.actorregistry.spring.jpa;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;

import dev.actorregistry.ActorRef;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorStartException;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.persistence.AppliedInvocation;
import dev.actorregistry.persistence.DurableChanges;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StaleRevisionException;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;
import dev.actorregistry.spring.jpa.Wallets.Wallet;
import dev.actorregistry.spring.jpa.Wallets.WalletActor;
import dev.actorregistry.test.SettableClock;
import dev.actorregistry.test.StateStoreContractTests;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The JPA state store behind real Spring contexts, on one kind of database; a subclass
 * per kind runs every test, those of the {@link StateStoreContractTests contract} too.
 * Each test gets an empty database of its own, and the tables come from the scripts in
 * the jar: Hibernate only validates them.
 */
abstract class JpaStateStoreIntegrationTests extends StateStoreContractTests {

	private static final String WALLET_TYPE = Wallet.class.getName();

	private final TestDatabase kind;

	private final OpenContexts contexts = new OpenContexts();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private TestDatabase.Instance database;

	JpaStateStoreIntegrationTests(TestDatabase kind) {
		this.kind = kind;
	}

	@BeforeEach
	void createDatabase() {
		this.database = this.kind.create();
	}

	@AfterEach
	void dropDatabase() {
		this.callers.shutdownNow();
		this.contexts.close();
		this.kind.drop(this.database);
	}

	@Override
	protected StateStore createStore(SettableClock clock) {
		ConfigurableApplicationContext context = this.contexts.open(this.database);
		return new JpaStateStore(context.getBean(EntityManagerFactory.class),
				context.getBean(PlatformTransactionManager.class), 3, StateCipher.none(), clock);
	}

	// round trips

	@Test
	void stateSurvivesPassivation() {
		Wallets.on(this.database).run((context) -> {
			ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
			WalletActor first = wallets.ask("alice", (wallet) -> {
				wallet.deposit(5);
				return wallet;
			}).join();
			wallets.stop("alice").join();
			assertThat(wallets.lookup("alice")).isEmpty();
			WalletActor second = wallets.ask("alice", (wallet) -> wallet).join();
			assertThat(second).isNotSameAs(first);
			assertThat(second.wallet()).isEqualTo(new Wallet("alice", 5, ""));
			assertThat(wallets.ask("alice", (wallet) -> wallet.deposit(2)).join()).isEqualTo(7);
		});
	}

	@Test
	void stateSurvivesARestartOfTheApplication() {
		Wallets.on(this.database).run((context) -> {
			Wallets.registry(context).ask("alice", (wallet) -> wallet.deposit(5)).join();
			Wallets.registry(context).ask("bob", (wallet) -> wallet.note("saved by the drain")).join();
		});
		// closing the context drained the registry, and the drain saved every actor
		Wallets.on(this.database).run((context) -> {
			ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
			assertThat(wallets.ask("alice", WalletActor::wallet).join()).isEqualTo(new Wallet("alice", 5, ""));
			assertThat(wallets.ask("bob", WalletActor::wallet).join())
				.isEqualTo(new Wallet("bob", 0, "saved by the drain"));
		});
	}

	@Test
	void firstSaveStoresRevisionOneAsJsonInTheRow() {
		Wallets.on(this.database).run((context) -> {
			Wallets.registry(context).ask("alice", (wallet) -> wallet.deposit(5)).join();
			Wallets.registry(context).stop("alice").join();
		});
		Map<String, Object> row = this.database.jdbc()
			.queryForMap("SELECT registry, actor_key, revision, state_type, key_id, state FROM actor_state");
		assertThat(row).containsEntry("registry", Wallets.REGISTRY)
			.containsEntry("actor_key", "alice")
			.containsEntry("revision", 1L)
			.containsEntry("state_type", WALLET_TYPE)
			.containsEntry("key_id", null);
		assertThat(new String((byte[]) row.get("state"), StandardCharsets.UTF_8))
			.isEqualTo("{\"owner\":\"alice\",\"balance\":5,\"note\":\"\"}");
		assertThat(this.database.jdbc()
			.queryForObject(
					"SELECT LOWER(data_type) FROM information_schema.columns"
							+ " WHERE LOWER(table_name) = 'actor_state' AND LOWER(column_name) = 'state'",
					String.class))
			.isEqualTo(this.kind.isEmbedded() ? "binary varying" : "bytea");
	}

	@Test
	void largeStatesFit() {
		String large = "x".repeat(200_000);
		Wallets.on(this.database).run((context) -> {
			ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
			wallets.ask("alice", (wallet) -> wallet.note(large)).join();
			wallets.stop("alice").join();
			assertThat(wallets.ask("alice", WalletActor::wallet).join().note()).isEqualTo(large);
		});
	}

	// revisions and history

	@Test
	void revisionAdvancesOnlyWhenTheStateChanged() {
		Wallets.on(this.database).withPropertyValues("actors.persistence.write-through=true").run((context) -> {
			ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
			StateStore store = context.getBean(StateStore.class);
			wallets.ask("alice", (wallet) -> wallet.deposit(5)).join();
			assertThat(revisionOf(store, "alice")).isEqualTo(1);
			wallets.ask("alice", (wallet) -> wallet.deposit(0)).join();
			wallets.ask("alice", WalletActor::wallet).join();
			assertThat(revisionOf(store, "alice")).isEqualTo(1);
			wallets.stop("alice").join();
			assertThat(revisionOf(store, "alice")).isEqualTo(1);
			wallets.ask("alice", (wallet) -> wallet.deposit(1)).join();
			assertThat(revisionOf(store, "alice")).isEqualTo(2);
			assertThat(wallets.child("alice").orElseThrow().persistence().revision()).isEqualTo(2);
		});
	}

	@Test
	void historyKeepsExactlyTheLastRevisionsOfEachKey() {
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.write-through=true", "actors.persistence.history=3")
			.run((context) -> {
				ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
				StateStore store = context.getBean(StateStore.class);
				StateCodec codec = context.getBean(StateCodec.class);
				for (int amount = 1; amount <= 5; amount++) {
					int deposit = amount;
					wallets.ask("alice", (wallet) -> wallet.deposit(deposit)).join();
				}
				wallets.ask("bob", (wallet) -> wallet.deposit(1)).join();
				assertThat(historyOf("alice")).containsExactly(3L, 4L, 5L);
				assertThat(historyOf("bob")).containsExactly(1L);
				assertThat(store.loadRevision(Wallets.REGISTRY, "alice", 2)).isEmpty();
				StoredState third = store.loadRevision(Wallets.REGISTRY, "alice", 3).orElseThrow();
				assertThat(third.revision()).isEqualTo(3);
				assertThat(codec.decode(third.state().data(), Wallet.class)).isEqualTo(new Wallet("alice", 6, ""));
				assertThat(store.loadRevision(Wallets.REGISTRY, "alice", 5).orElseThrow())
					.isEqualTo(store.load(Wallets.REGISTRY, "alice").orElseThrow());
				List<StoredState> all = store.revisions(Wallets.REGISTRY, "alice", Instant.EPOCH,
						Instant.now().plusSeconds(60));
				assertThat(all).extracting(StoredState::revision).containsExactly(3L, 4L, 5L);
				assertThat(all).extracting((revision) -> codec.decode(revision.state().data(), Wallet.class).balance())
					.containsExactly(6L, 10L, 15L);
			});
	}

	@Test
	void byDefaultNoHistoryIsKeptButTheLatestRevision() {
		Wallets.on(this.database).withPropertyValues("actors.persistence.write-through=true").run((context) -> {
			ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
			StateStore store = context.getBean(StateStore.class);
			for (int amount = 1; amount <= 3; amount++) {
				int deposit = amount;
				wallets.ask("alice", (wallet) -> wallet.deposit(deposit)).join();
			}
			assertThat(historyOf("alice")).isEmpty();
			assertThat(store.loadRevision(Wallets.REGISTRY, "alice", 2)).isEmpty();
			assertThat(store.loadRevision(Wallets.REGISTRY, "alice", 3)).isPresent();
			assertThat(store.revisions(Wallets.REGISTRY, "alice", Instant.EPOCH, Instant.now().plusSeconds(60)))
				.extracting(StoredState::revision)
				.containsExactly(3L);
		});
	}

	/**
	 * Rows the current setting no longer keeps go with the next save: those of a larger
	 * earlier setting too, and a first save drops rows left from a state deleted outside
	 * the store, which would otherwise collide with its new revisions.
	 */
	@Test
	void historyDropsRowsOfALargerEarlierSettingAndRowsLeftByADeleteOutsideTheStore() {
		ConfigurableApplicationContext context = this.contexts.open(this.database);
		EntityManagerFactory entityManagerFactory = context.getBean(EntityManagerFactory.class);
		PlatformTransactionManager transactionManager = context.getBean(PlatformTransactionManager.class);
		StateStore five = new JpaStateStore(entityManagerFactory, transactionManager, 5, StateCipher.none());
		for (long revision = 0; revision < 6; revision++) {
			five.save(Wallets.REGISTRY, "alice", json("v" + (revision + 1)), revision);
		}
		assertThat(historyOf("alice")).containsExactly(2L, 3L, 4L, 5L, 6L);
		StateStore two = new JpaStateStore(entityManagerFactory, transactionManager, 2, StateCipher.none());
		assertThat(two.save(Wallets.REGISTRY, "alice", json("v7"), 6)).isEqualTo(7);
		assertThat(historyOf("alice")).containsExactly(6L, 7L);

		this.database.jdbc().update("DELETE FROM actor_state WHERE actor_key = 'alice'");
		assertThat(two.save(Wallets.REGISTRY, "alice", json("anew"), 0)).isOne();
		assertThat(historyOf("alice")).containsExactly(1L);
		assertThat(two.loadRevision(Wallets.REGISTRY, "alice", 1).orElseThrow().state()).isEqualTo(json("anew"));
	}

	/**
	 * Without history, a save is one statement: an insert for the first, a conditional
	 * update for each later one, neither read before.
	 */
	@Test
	void withoutHistoryEachSaveIsOneStatement() {
		Wallets.on(this.database)
			.withPropertyValues("spring.jpa.properties.hibernate.generate_statistics=true")
			.run((context) -> {
				StateStore store = context.getBean(StateStore.class);
				Statistics statistics = context.getBean(EntityManagerFactory.class)
					.unwrap(SessionFactory.class)
					.getStatistics();
				statistics.clear();
				store.save(Wallets.REGISTRY, "alice", json("one"), 0);
				assertThat(statistics.getPrepareStatementCount()).as("statements of a first save").isOne();
				for (long revision = 1; revision <= 3; revision++) {
					statistics.clear();
					store.save(Wallets.REGISTRY, "alice", json("v" + revision), revision);
					assertThat(statistics.getPrepareStatementCount())
						.as("statements of a save at revision %d", revision)
						.isOne();
				}
				assertThat(store.load(Wallets.REGISTRY, "alice").orElseThrow().revision()).isEqualTo(4);
			});
	}

	// group commit across actors

	/**
	 * While one transaction of saves waits (here for a row lock another session holds),
	 * the saves of other actors queue; once it commits, the next transaction commits them
	 * all, each row still fenced by its own revision: the stale save among them fails
	 * alone, the others commit.
	 */
	@Test
	void savesDueTogetherShareATransactionEachFencedByItsRevision() {
		Wallets.on(this.database)
			.withPropertyValues("spring.jpa.properties.hibernate.generate_statistics=true")
			.run((context) -> {
				JpaStateStore store = context.getBean(JpaStateStore.class);
				List<String> keys = IntStream.range(0, 10).mapToObj((i) -> "k" + i).toList();
				keys.forEach((key) -> store.save(Wallets.REGISTRY, key, json("one"), 0));
				Statistics statistics = context.getBean(EntityManagerFactory.class)
					.unwrap(SessionFactory.class)
					.getStatistics();
				Map<String, CompletableFuture<Long>> saves = new LinkedHashMap<>();
				try (Connection other = lockRowsOf(keys)) {
					statistics.clear();
					startBatchesThatWait(store, saves, keys);
					for (String key : keys.subList(JpaStateStore.CONCURRENT_BATCHES, keys.size())) {
						long expected = key.equals("k5") ? 7 : 1;
						saves.put(key, CompletableFuture
							.supplyAsync(() -> store.save(Wallets.REGISTRY, key, json("two"), expected), this.callers));
					}
					Waits.eventually()
						.until(store::queuedSaves,
								(queued) -> queued == keys.size() - JpaStateStore.CONCURRENT_BATCHES);
					other.commit();
				}
				for (Map.Entry<String, CompletableFuture<Long>> entry : saves.entrySet()) {
					String key = entry.getKey();
					if (key.equals("k5")) {
						assertThat(Waits.failureOf(entry.getValue())).isInstanceOf(StaleRevisionException.class)
							.hasMessageContaining("'k5'");
					}
					else {
						assertThat(entry.getValue().get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
							.as("revision of %s", key)
							.isEqualTo(2);
					}
				}
				// the batches that waited for the locks, one for the saves that queued
				// behind them, and the stale save run again alone
				assertThat(statistics.getTransactionCount()).isEqualTo(JpaStateStore.CONCURRENT_BATCHES + 2);
				keys.forEach((key) -> assertThat(revisionOf(store, key)).as("stored revision of %s", key)
					.isEqualTo(key.equals("k5") ? 1 : 2));
			});
	}

	/**
	 * A save the database refuses (here a constraint the test adds) fails the whole
	 * transaction of its batch; each save of the batch runs again alone, so the others
	 * commit and only the refused one fails.
	 */
	@Test
	void aSaveThatFailsItsBatchFailsAloneAndTheOthersCommit() {
		Wallets.on(this.database).run((context) -> {
			JpaStateStore store = context.getBean(JpaStateStore.class);
			List<String> keys = IntStream.range(0, 5).mapToObj((i) -> "k" + i).toList();
			keys.forEach((key) -> store.save(Wallets.REGISTRY, key, json("one"), 0));
			this.database.jdbc()
				.execute("ALTER TABLE actor_state ADD CONSTRAINT no_poison CHECK (state_type <> 'poison')");
			Map<String, CompletableFuture<Long>> saves = new LinkedHashMap<>();
			try (Connection other = lockRowsOf(keys)) {
				startBatchesThatWait(store, saves, keys);
				for (String key : keys.subList(JpaStateStore.CONCURRENT_BATCHES, keys.size())) {
					SerializedState state = key.equals("k3") ? new SerializedState("poison", json("two").data())
							: json("two");
					saves.put(key, CompletableFuture.supplyAsync(() -> store.save(Wallets.REGISTRY, key, state, 1),
							this.callers));
				}
				Waits.eventually()
					.until(store::queuedSaves, (queued) -> queued == keys.size() - JpaStateStore.CONCURRENT_BATCHES);
				other.commit();
			}
			for (Map.Entry<String, CompletableFuture<Long>> entry : saves.entrySet()) {
				String key = entry.getKey();
				if (key.equals("k3")) {
					assertThat(Waits.failureOf(entry.getValue())).isInstanceOf(StateStoreException.class)
						.hasMessageContaining("'k3'")
						.hasMessageContaining("revision 2")
						.hasMessageNotContaining("poison");
				}
				else {
					assertThat(entry.getValue().get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
						.as("revision of %s", key)
						.isEqualTo(2);
				}
			}
			keys.forEach((key) -> assertThat(revisionOf(store, key)).as("stored revision of %s", key)
				.isEqualTo(key.equals("k3") ? 1 : 2));
		});
	}

	// fencing

	/**
	 * The race the check before the insert cannot see: another writer's insert of the
	 * same key is in flight, not yet committed. The store's insert waits for it, then
	 * collides with it.
	 */
	@Test
	void aFirstSaveThatCollidesWithAnInsertInFlightIsStale() {
		Wallets.on(this.database).run((context) -> {
			StateStore store = context.getBean(StateStore.class);
			try (Connection other = this.database.connection()) {
				other.setAutoCommit(false);
				try (PreparedStatement insert = other.prepareStatement("INSERT INTO actor_state (registry, actor_key,"
						+ " revision, state, state_type, key_id, updated_at) VALUES (?, ?, 1, ?, ?, NULL, ?)")) {
					insert.setString(1, Wallets.REGISTRY);
					insert.setString(2, "alice");
					insert.setBytes(3, json("winner").data());
					insert.setString(4, WALLET_TYPE);
					insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
					insert.executeUpdate();
				}
				CompletableFuture<Long> save = CompletableFuture
					.supplyAsync(() -> store.save(Wallets.REGISTRY, "alice", json("loser"), 0));
				awaitABlockedSession();
				other.commit();
				assertThat(Waits.failureOf(save)).isInstanceOf(StaleRevisionException.class)
					.hasMessageContaining("'alice'")
					.cause()
					.isNotNull();
			}
			assertThat(store.load(Wallets.REGISTRY, "alice").orElseThrow().state()).isEqualTo(json("winner"));
		});
	}

	/**
	 * The race on an update: another writer moved the row to the next revision but has
	 * not committed. The store's update waits for it, then finds the row no longer at the
	 * expected revision and changes nothing.
	 */
	@Test
	void anUpdateThatLosesARaceIsStale() {
		Wallets.on(this.database).run((context) -> {
			StateStore store = context.getBean(StateStore.class);
			store.save(Wallets.REGISTRY, "alice", json("one"), 0);
			try (Connection other = this.database.connection()) {
				other.setAutoCommit(false);
				try (PreparedStatement update = other.prepareStatement(
						"UPDATE actor_state SET revision = 2, state = ? WHERE registry = ? AND actor_key = ?")) {
					update.setBytes(1, json("winner").data());
					update.setString(2, Wallets.REGISTRY);
					update.setString(3, "alice");
					assertThat(update.executeUpdate()).isOne();
				}
				CompletableFuture<Long> save = CompletableFuture
					.supplyAsync(() -> store.save(Wallets.REGISTRY, "alice", json("loser"), 1));
				awaitABlockedSession();
				other.commit();
				assertThat(Waits.failureOf(save)).isInstanceOf(StaleRevisionException.class)
					.hasMessageContaining("revision 1");
			}
			StoredState stored = store.load(Wallets.REGISTRY, "alice").orElseThrow();
			assertThat(stored.revision()).isEqualTo(2);
			assertThat(stored.state()).isEqualTo(json("winner"));
		});
	}

	@Test
	void ofTwoActivationsOfOneKeyOnTwoInstancesTheFirstSaveWins() throws Exception {
		Wallets.on(this.database).withPropertyValues("actors.persistence.write-through=true").run((first) -> {
			Wallets.on(this.database).withPropertyValues("actors.persistence.write-through=true").run((second) -> {
				ActorRegistry<String, WalletActor> winner = Wallets.registry(first);
				ActorRegistry<String, WalletActor> loser = Wallets.registry(second);
				// both activate the key while nothing is stored: both own revision 0
				winner.lookupOrStart("k");
				ActorRef<String, WalletActor> loserRef = loser.lookupOrStart("k");
				assertThat(winner.child("k").orElseThrow().persistence().revision()).isZero();
				assertThat(loser.child("k").orElseThrow().persistence().revision()).isZero();

				assertThat(winner.ask("k", (wallet) -> wallet.deposit(5)).join()).isEqualTo(5);

				// the loser's change saves after the winner's: it is refused, and
				// what the loser had queued behind it is abandoned
				CountDownLatch release = new CountDownLatch(1);
				CompletableFuture<Long> change = Waits.blockOn(loserRef, release, (wallet) -> wallet.deposit(7));
				CompletableFuture<Long> pending = loserRef.ask((wallet) -> wallet.deposit(1));
				release.countDown();
				assertThat(Waits.failureOf(change)).isInstanceOf(StateConflictException.class)
					.hasMessageContaining("'wallets'")
					.hasMessageContaining("'k'")
					.hasMessageContaining("expected revision 0")
					.hasMessageContaining("Send again by key");
				assertThat(Waits.failureOf(pending)).isInstanceOf(StateConflictException.class);
				Waits.eventually().until(() -> loser.lookup("k").isEmpty());

				StoredState stored = first.getBean(StateStore.class).load(Wallets.REGISTRY, "k").orElseThrow();
				assertThat(stored.revision()).isEqualTo(1);
				assertThat(first.getBean(StateCodec.class).decode(stored.state().data(), Wallet.class))
					.isEqualTo(new Wallet("k", 5, ""));
				// by key, the loser's instance starts afresh with the winner's state
				assertThat(loser.ask("k", WalletActor::wallet).join()).isEqualTo(new Wallet("k", 5, ""));
			});
		});
	}

	// encryption

	@Test
	void encryptedStatesDoNotShowTheirContentInTheDatabase() {
		String k1 = newKey();
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.encryption.keys.k1=" + k1,
					"actors.persistence.encryption.active-key=k1", "actors.persistence.history=1")
			.run((context) -> {
				ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
				wallets.ask("alice", (wallet) -> wallet.note("plaintext-marker")).join();
				wallets.stop("alice").join();
				assertThat(wallets.ask("alice", WalletActor::wallet).join())
					.isEqualTo(new Wallet("alice", 0, "plaintext-marker"));
			});
		for (String table : List.of("actor_state", "actor_state_history")) {
			Map<String, Object> row = this.database.jdbc().queryForMap("SELECT key_id, state FROM " + table);
			assertThat(row).containsEntry("key_id", "k1");
			String stored = new String((byte[]) row.get("state"), StandardCharsets.ISO_8859_1);
			assertThat(stored).doesNotContain("plaintext-marker").doesNotContain("alice");
		}
	}

	@Test
	void rotatedKeysStillReadStatesSavedUnderTheEarlierKey() {
		String k1 = newKey();
		String k2 = newKey();
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.encryption.keys.k1=" + k1,
					"actors.persistence.encryption.active-key=k1")
			.run((context) -> Wallets.registry(context).ask("alice", (wallet) -> wallet.note("under k1")).join());
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.encryption.keys.k1=" + k1,
					"actors.persistence.encryption.keys.k2=" + k2, "actors.persistence.encryption.active-key=k2")
			.run((context) -> {
				ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
				assertThat(wallets.ask("alice", WalletActor::wallet).join().note()).isEqualTo("under k1");
				wallets.ask("alice", (wallet) -> wallet.note("under k2")).join();
				wallets.stop("alice").join();
			});
		assertThat(this.database.jdbc().queryForObject("SELECT key_id FROM actor_state", String.class)).isEqualTo("k2");
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.encryption.keys.k2=" + k2,
					"actors.persistence.encryption.active-key=k2")
			.run((context) -> assertThat(Wallets.registry(context).ask("alice", WalletActor::wallet).join().note())
				.isEqualTo("under k2"));
	}

	@Test
	void aStateUnderAKeyThatIsNotConfiguredFailsActivationClearly() {
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.encryption.keys.old=" + newKey(),
					"actors.persistence.encryption.active-key=old")
			.run((context) -> Wallets.registry(context).ask("alice", (wallet) -> wallet.deposit(5)).join());
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.encryption.keys.new=" + newKey(),
					"actors.persistence.encryption.active-key=new")
			.run((context) -> {
				ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
				assertThatExceptionOfType(ActorStartException.class).isThrownBy(() -> wallets.lookupOrStart("alice"))
					.withMessageContaining("'wallets'")
					.withMessageContaining("'alice'")
					.withMessageContaining("could not be loaded")
					// what is missing, and the property to set, are in the cause
					.withStackTraceContaining("key id 'old'")
					.withStackTraceContaining("actors.persistence.encryption.keys.old");
				assertThat(wallets.lookup("alice")).isEmpty();
				// other keys are unaffected
				assertThat(wallets.ask("bob", (wallet) -> wallet.deposit(1)).join()).isEqualTo(1);
			});
		assertThat(this.database.jdbc()
			.queryForObject("SELECT key_id FROM actor_state WHERE actor_key = 'alice'", String.class)).isEqualTo("old");
	}

	// durable sends

	/**
	 * A save with durable sends does not queue for a batch: while the batches that may
	 * run at once wait for row locks another session holds, it commits alone.
	 */
	@Test
	void aSaveWithDurableSendsCommitsAloneWhileBatchesWait() {
		Wallets.on(this.database).run((context) -> {
			JpaStateStore store = context.getBean(JpaStateStore.class);
			List<String> keys = IntStream.range(0, JpaStateStore.CONCURRENT_BATCHES + 1)
				.mapToObj((i) -> "k" + i)
				.toList();
			keys.forEach((key) -> store.save(Wallets.REGISTRY, key, json("one"), 0));
			String alone = keys.get(keys.size() - 1);
			DurableSend sent = send(alone, "bob");
			Map<String, CompletableFuture<Long>> saves = new LinkedHashMap<>();
			try (Connection other = lockRowsOf(keys)) {
				startBatchesThatWait(store, saves, keys);
				assertThat(store.save(Wallets.REGISTRY, alone, json("two"), 1,
						new DurableChanges(List.of(sent), List.of())))
					.isEqualTo(2);
				assertThat(store.queuedSaves()).isZero();
				assertThat(saves.values()).noneMatch(CompletableFuture::isDone);
				other.commit();
			}
			for (CompletableFuture<Long> save : saves.values()) {
				assertThat(save.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
			}
			assertThat(store.outbox(Wallets.REGISTRY, alone)).containsExactly(sent);
		});
	}

	/**
	 * A send or record whose id is stored already fails the save as a whole: the state
	 * keeps its revision, and the failure is no stale revision (the state's row was at
	 * its revision) and shows no SQL.
	 */
	@Test
	void aSaveWhoseSendIsStoredAlreadyFailsAsAWholeAndIsNotStale() {
		StateStore store = createStore(new SettableClock(T0));
		DurableSend sent = send("alice", "bob");
		AppliedInvocation record = new AppliedInvocation("applied", null, T0);
		store.save(Wallets.REGISTRY, "alice", json("one"), 0, new DurableChanges(List.of(sent), List.of(record)));

		for (DurableChanges again : List.of(new DurableChanges(List.of(sent), List.of()),
				new DurableChanges(List.of(send("alice", "carol")), List.of(record)))) {
			assertThatExceptionOfType(StateStoreException.class)
				.isThrownBy(() -> store.save(Wallets.REGISTRY, "alice", json("two"), 1, again))
				.withMessageContainingAll("'wallets'", "'alice'", "revision 2", "durable sends", "actor_outbox")
				.withMessageNotContainingAny("INSERT", "insert into", "23505", "Unique", "duplicate")
				.withCauseInstanceOf(RuntimeException.class);
		}
		assertThat(store.load(Wallets.REGISTRY, "alice").orElseThrow().revision()).isEqualTo(1);
		assertThat(store.outbox(Wallets.REGISTRY, "alice")).containsExactly(sent);
		assertThat(store.inbox(Wallets.REGISTRY, "alice")).containsExactly(record);
		assertThat(store.save(Wallets.REGISTRY, "alice", json("two"), 1)).isEqualTo(2);
	}

	/**
	 * A send to a key longer than the tables take is refused before anything is stored,
	 * naming the sender and the receiver.
	 */
	@Test
	void aSendToAKeyLongerThanTheTablesTakeIsRefusedBeforeAnythingIsStored() {
		StateStore store = createStore(new SettableClock(T0));
		String tooLong = "b".repeat(JpaStoreSupport.MAX_KEY_LENGTH + 1);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> store.save(Wallets.REGISTRY, "alice", json("one"), 0,
					new DurableChanges(List.of(send("alice", tooLong)), List.of())))
			.withMessageContainingAll("'wallets'", "'alice'", "receiver's key", "1001 characters", "1000");
		assertThat(store.load(Wallets.REGISTRY, "alice")).isEmpty();
		assertThat(store.outbox(Wallets.REGISTRY, 10)).isEmpty();
	}

	/**
	 * With encryption, the arguments of sends and the texts of refusals are sealed as
	 * states are: not readable in the database, read back exactly by the store, and bound
	 * to their row, so arguments copied onto another send do not open.
	 */
	@Test
	void encryptedSendsShowNeitherArgumentsNorRefusalsInTheDatabase() {
		ConfigurableApplicationContext context = this.contexts.open(this.database);
		EntityManagerFactory entityManagerFactory = context.getBean(EntityManagerFactory.class);
		PlatformTransactionManager transactionManager = context.getBean(PlatformTransactionManager.class);
		StateCipher cipher = new StateCipher(Map.of("k1", Base64.getDecoder().decode(newKey())), "k1");
		StateStore store = new JpaStateStore(entityManagerFactory, transactionManager, 0, cipher);
		DurableSend sent = send("alice", "bob", "{\"note\":\"argument-marker\"}");
		DurableSend other = send("alice", "carol", "{\"note\":\"other\"}");
		DurableSend refusal = DurableSend.refusal(send("bob", "alice", "{}"), "refusal-1",
				"example.Refused: refusal-marker", T0);
		AppliedInvocation refused = new AppliedInvocation("applied-1", "example.Refused: inbox-marker", T0);
		store.save(Wallets.REGISTRY, "alice", json("one"), 0,
				new DurableChanges(List.of(sent, other, refusal), List.of(refused)));

		for (Map<String, Object> row : this.database.jdbc()
			.queryForList("SELECT key_id, arguments, refusal FROM actor_outbox")) {
			assertThat(row).containsEntry("key_id", "k1");
			assertThat(new String((byte[]) row.get("arguments"), StandardCharsets.ISO_8859_1)).doesNotContain("marker")
				.doesNotContain("note");
			assertThat(String.valueOf(row.get("refusal"))).doesNotContain("marker");
		}
		assertThat(this.database.jdbc().queryForMap("SELECT key_id, refusal FROM actor_inbox"))
			.containsEntry("key_id", "k1")
			.hasEntrySatisfying("refusal", (text) -> assertThat(String.valueOf(text)).doesNotContain("marker"));
		assertThat(store.outbox(Wallets.REGISTRY, "alice")).containsExactlyInAnyOrder(sent, other, refusal);
		assertThat(store.inbox(Wallets.REGISTRY, "alice")).containsExactly(refused);

		StateStore withoutTheKey = new JpaStateStore(entityManagerFactory, transactionManager, 0, StateCipher.none());
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> withoutTheKey.outbox(Wallets.REGISTRY, "alice"))
			.withMessageContainingAll("'wallets'", "'alice'", "durable send", "key id 'k1'",
					"actors.persistence.encryption.keys.k1");
		assertThatExceptionOfType(StateStoreException.class)
			.isThrownBy(() -> withoutTheKey.inbox(Wallets.REGISTRY, "alice"))
			.withMessageContainingAll("'alice'", "applied-1", "key id 'k1'");

		this.database.jdbc()
			.update("UPDATE actor_outbox SET arguments = (SELECT arguments FROM actor_outbox WHERE id = ?)"
					+ " WHERE id = ?", sent.id(), other.id());
		assertThatExceptionOfType(StateStoreException.class).isThrownBy(() -> store.outbox(Wallets.REGISTRY, "alice"))
			.withMessageContainingAll("'alice'", other.id(), "does not decrypt");
	}

	/**
	 * Without encryption, sends are stored as they are: the arguments as the codec wrote
	 * them and refusals as text, for an operator to read.
	 */
	@Test
	void plainSendsAreStoredAsTheyAre() {
		StateStore store = createStore(new SettableClock(T0));
		DurableSend refusal = DurableSend.refusal(send("bob", "alice", "{\"amount\":5}"), "refusal-1",
				"example.Refused: no funds", T0);
		store.save(Wallets.REGISTRY, "alice", json("one"), 0, new DurableChanges(List.of(refusal), List.of()));

		Map<String, Object> row = this.database.jdbc()
			.queryForMap("SELECT id, sender_key, receiver_key, invocation_id, invocation_key, contract, operation,"
					+ " arguments, refusal, key_id FROM actor_outbox");
		assertThat(row).containsEntry("id", "refusal-1")
			.containsEntry("sender_key", "alice")
			.containsEntry("receiver_key", "bob")
			.containsEntry("invocation_id", refusal.invocation().id())
			.containsEntry("invocation_key", "alice")
			.containsEntry("contract", "example.Account")
			.containsEntry("operation", "deposit")
			.containsEntry("refusal", "example.Refused: no funds")
			.containsEntry("key_id", null);
		assertThat(new String((byte[]) row.get("arguments"), StandardCharsets.UTF_8)).isEqualTo("{\"amount\":5}");
	}

	/**
	 * Tables that Hibernate creates from the entities, as it does on an embedded database
	 * with Boot's defaults, keep durable sends too, with long keys and large arguments.
	 */
	@Test
	void durableSendTablesThatHibernateCreatesWork() {
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.initialize-schema=never",
					"spring.jpa.hibernate.ddl-auto=create-drop")
			.run((context) -> {
				StateStore store = context.getBean(StateStore.class);
				String sender = "s".repeat(JpaStoreSupport.MAX_KEY_LENGTH);
				String receiver = "r".repeat(JpaStoreSupport.MAX_KEY_LENGTH);
				DurableSend sent = DurableSend.refusal(send(receiver, sender, "x".repeat(200_000)), "refusal-1",
						"example.Refused: " + "y".repeat(20_000), T0);
				store.save(Wallets.REGISTRY, sender, json("one"), 0, new DurableChanges(List.of(sent),
						List.of(new AppliedInvocation("applied", "example.Refused: " + "z".repeat(20_000), T0))));
				assertThat(store.outbox(Wallets.REGISTRY, sender)).containsExactly(sent);
				assertThat(store.inbox(Wallets.REGISTRY, sender)).hasSize(1);
				assertThat(store.delivered(sent)).isTrue();
			});
	}

	// schema initialization

	@Test
	void schemaInitializationNeverCreatesNoTables() {
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.initialize-schema=never", "spring.jpa.hibernate.ddl-auto=none")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ActorTablesInitializer.class));
		assertThat(this.database.tables()).isEmpty();
	}

	@Test
	void schemaInitializationEmbeddedCreatesTablesOnlyInAnEmbeddedDatabase() {
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.initialize-schema=embedded", "spring.jpa.hibernate.ddl-auto=none")
			.run((context) -> assertThat(context).hasNotFailed());
		if (this.kind.isEmbedded()) {
			assertThat(this.database.tables()).containsExactlyInAnyOrder("actor_state", "actor_state_history");
		}
		else {
			assertThat(this.database.tables()).isEmpty();
		}
	}

	@Test
	void schemaInitializationAlwaysCreatesTablesOnEveryDatabaseAndMayRunAgain() {
		for (int start = 0; start < 2; start++) {
			Wallets.on(this.database)
				.withPropertyValues("actors.persistence.initialize-schema=always")
				.run((context) -> assertThat(context).hasNotFailed());
		}
		assertThat(this.database.tables()).containsExactlyInAnyOrder("actor_state", "actor_state_history");
		assertThat(this.database.jdbc()
			.queryForList("SELECT LOWER(table_name) FROM information_schema.tables"
					+ " WHERE LOWER(table_name) IN ('actor_outbox', 'actor_inbox')", String.class))
			.containsExactlyInAnyOrder("actor_outbox", "actor_inbox");
		assertThat(this.kind.indexColumns(this.database, "actor_outbox_sent_at")).containsExactly("sender_registry",
				"sent_at");
		assertThat(this.kind.indexColumns(this.database, "actor_outbox_sender")).containsExactly("sender_registry",
				"sender_key", "sent_at");
	}

	// helpers

	/**
	 * A session that holds the locks of the first keys' rows, one per batch, until it
	 * commits.
	 */
	private Connection lockRowsOf(List<String> keys) throws SQLException {
		Connection other = this.database.connection();
		other.setAutoCommit(false);
		try (PreparedStatement lock = other
			.prepareStatement("SELECT revision FROM actor_state WHERE registry = ? AND actor_key = ? FOR UPDATE")) {
			for (String key : keys.subList(0, JpaStateStore.CONCURRENT_BATCHES)) {
				lock.setString(1, Wallets.REGISTRY);
				lock.setString(2, key);
				lock.executeQuery().close();
			}
		}
		return other;
	}

	/**
	 * Save the first keys, one by one, each in a batch of its own that waits for the lock
	 * of its row, until as many batches wait as may run at once.
	 */
	private void startBatchesThatWait(JpaStateStore store, Map<String, CompletableFuture<Long>> saves,
			List<String> keys) {
		for (int batch = 0; batch < JpaStateStore.CONCURRENT_BATCHES; batch++) {
			String key = keys.get(batch);
			saves.put(key, CompletableFuture.supplyAsync(() -> store.save(Wallets.REGISTRY, key, json("two"), 1),
					this.callers));
			long waiting = batch + 1;
			Waits.eventually()
				.until(() -> this.database.jdbc().queryForObject(this.kind.blockedSessionsQuery(), Long.class),
						(n) -> n >= waiting);
		}
	}

	private void awaitABlockedSession() {
		Waits.eventually()
			.until(() -> this.database.jdbc().queryForObject(this.kind.blockedSessionsQuery(), Long.class),
					(n) -> n > 0);
	}

	private List<Long> historyOf(String key) {
		return this.database.jdbc()
			.queryForList("SELECT revision FROM actor_state_history WHERE registry = ? AND actor_key = ?"
					+ " ORDER BY revision", Long.class, Wallets.REGISTRY, key);
	}

	private static DurableSend send(String sender, String receiver) {
		return send(sender, receiver, "{\"amount\":5}");
	}

	private static DurableSend send(String sender, String receiver, String arguments) {
		Invocation invocation = new Invocation(UUID.randomUUID().toString(), Wallets.REGISTRY, receiver,
				"example.Account", "deposit", arguments.getBytes(StandardCharsets.UTF_8));
		return DurableSend.invocation(Wallets.REGISTRY, sender, invocation, T0);
	}

	private static long revisionOf(StateStore store, String key) {
		return store.load(Wallets.REGISTRY, key).orElseThrow().revision();
	}

	private static SerializedState json(String note) {
		return new SerializedState(WALLET_TYPE,
				("{\"owner\":\"alice\",\"balance\":0,\"note\":\"" + note + "\"}").getBytes(StandardCharsets.UTF_8));
	}

	private static String newKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
