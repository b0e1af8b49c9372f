package dev.actorregistry.spring.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.reminder.MissedTickPolicy;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.reminder.ReminderStoreException;
import dev.actorregistry.reminder.StoredReminder;
import dev.actorregistry.test.ReminderStoreContractTests;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The JPA reminder store on one kind of database, called as a registry calls it; a
 * subclass per kind runs every test, those of the {@link ReminderStoreContractTests
 * contract} too. Each test gets an empty database of its own, its table made by the
 * scripts in the jar (Hibernate only validates it), and each store lives in an
 * application context of its own, as it would in one application instance.
 */
abstract class JpaReminderStoreIntegrationTests extends ReminderStoreContractTests {

	private final TestDatabase kind;

	private final OpenContexts contexts = new OpenContexts();

	private TestDatabase.Instance database;

	JpaReminderStoreIntegrationTests(TestDatabase kind) {
		this.kind = kind;
	}

	@BeforeEach
	void createDatabase() {
		this.database = this.kind.create();
	}

	@AfterEach
	void dropDatabase() {
		this.contexts.close();
		this.kind.drop(this.database);
	}

	@Override
	protected ReminderStore createStore() {
		return this.contexts.open(this.database).getBean(ReminderStore.class);
	}

	/** Another application instance: a context with its own persistence unit and pool. */
	@Override
	protected ReminderStore anotherInstance(ReminderStore store) {
		return createStore();
	}

	// the row

	/**
	 * A registered reminder is one row: its period in milliseconds (none for a one-off),
	 * its missed-tick policy by name, sequence 0, no lease, version 0.
	 */
	@Test
	void aRegisteredReminderIsARowWithItsPeriodInMillisecondsAtVersionZero() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			assertThat(store).isInstanceOf(JpaReminderStore.class);
			store.register(registered("alice",
					Reminder.every("hourly", T0, Duration.ofHours(1)).withMissedTicks(MissedTickPolicy.CATCH_UP)));
			store.register(registered("alice", Reminder.once("audit", T0)));

			Map<String, Object> row = this.database.jdbc()
				.queryForMap(
						"SELECT period_millis, missed_ticks, sequence, lease_owner, lease_until, version"
								+ " FROM actor_reminder WHERE registry = ? AND actor_key = ? AND name = ?",
						REGISTRY, "alice", "hourly");
			assertThat(row).containsEntry("period_millis", 3_600_000L)
				.containsEntry("missed_ticks", "CATCH_UP")
				.containsEntry("sequence", 0L)
				.containsEntry("lease_owner", null)
				.containsEntry("lease_until", null)
				.containsEntry("version", 0L);
			assertThat(this.database.jdbc()
				.queryForObject("SELECT period_millis FROM actor_reminder WHERE actor_key = 'alice' AND name = 'audit'"
						+ " AND registry = ?", Long.class, REGISTRY))
				.isNull();
		});
	}

	// due

	@Test
	void dueTimesAreKeptToTheMicrosecondRoundedUpSoNoTickFiresEarly() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			Instant dueAt = T0.plusNanos(1_500);
			store.register(registered("alice", Reminder.once("soon", dueAt)));
			assertThat(store.list(REGISTRY, "alice").get(0).dueAt()).isEqualTo(T0.plusNanos(2_000));
			assertThat(store.due(REGISTRY, dueAt, 10)).isEmpty();
			assertThat(store.due(REGISTRY, T0.plusNanos(1_999), 10)).isEmpty();
			assertThat(store.due(REGISTRY, T0.plusNanos(2_000), 10)).hasSize(1);
		});
	}

	// claim

	/**
	 * The race under READ COMMITTED: another instance's claim of the row is written but
	 * not committed. The store's claim waits for that row lock; once the other commits,
	 * the row is at another version and the waiting claim changes nothing.
	 */
	@Test
	void aClaimWaitingOnAnotherInstancesClaimLosesWhenThatCommits() throws Exception {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.every("daily", T0, Duration.ofDays(1))));
			StoredReminder read = onlyDue(store, T0);
			assertThat(claimBehindAnUncommittedClaim(store, read, true)).isEmpty();
			StoredReminder stored = store.list(REGISTRY, "alice").get(0);
			assertThat(stored.leaseOwner()).isEqualTo("instance-a");
			assertThat(stored.version()).isEqualTo(1);
		});
	}

	/**
	 * The same race under REPEATABLE READ, as an application may set for its pool: the
	 * database then refuses the waiting claim outright (a serialization failure, or H2's
	 * concurrent update), and the store takes that for a lost claim, not a failure.
	 */
	@Test
	void aClaimWaitingOnAnotherInstancesClaimLosesUnderRepeatableReadToo() throws Exception {
		ReminderContexts.on(this.database)
			.withPropertyValues("spring.datasource.hikari.transaction-isolation=TRANSACTION_REPEATABLE_READ")
			.run((context) -> {
				ReminderStore store = context.getBean(ReminderStore.class);
				store.register(registered("alice", Reminder.every("daily", T0, Duration.ofDays(1))));
				StoredReminder read = onlyDue(store, T0);
				assertThat(claimBehindAnUncommittedClaim(store, read, true)).isEmpty();
				assertThat(store.list(REGISTRY, "alice").get(0).leaseOwner()).isEqualTo("instance-a");
			});
	}

	/**
	 * The same race, but the other instance's claim rolls back: the waiting claim then
	 * finds the row at the version it read, and wins.
	 */
	@Test
	void aClaimWaitingOnAnotherInstancesClaimWinsWhenThatRollsBack() throws Exception {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.every("daily", T0, Duration.ofDays(1))));
			StoredReminder read = onlyDue(store, T0);
			assertThat(claimBehindAnUncommittedClaim(store, read, false))
				.hasValueSatisfying((claimed) -> assertThat(claimed.leaseOwner()).isEqualTo("instance-b"));
			assertThat(store.list(REGISTRY, "alice").get(0).leaseOwner()).isEqualTo("instance-b");
		});
	}

	// advance and release

	// what the table cannot take, and failures

	@Test
	void remindersTheTableCannotKeepAreRefusedSayingWhy() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			assertThatIllegalArgumentException()
				// Reminder refuses such periods itself; a row made without one still
				// meets the store
				.isThrownBy(() -> store.register(new StoredReminder(REGISTRY, "alice", "fast", T0,
						Duration.ofNanos(1_500_000), MissedTickPolicy.FIRE_ONCE, 0, null, null, 0)))
				.withMessageContaining("'ticks'")
				.withMessageContaining("'alice'")
				.withMessageContaining("'fast'")
				.withMessageContaining("whole milliseconds");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> store.register(registered("k".repeat(1001), Reminder.once("once", T0))))
				.withMessageContaining("'ticks'")
				.withMessageContaining("up to 1000");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> store
					.register(StoredReminder.registered("r".repeat(201), "alice", Reminder.once("once", T0))))
				.withMessageContaining("up to 200");
			assertThat(this.database.jdbc().queryForObject("SELECT COUNT(*) FROM actor_reminder", Long.class)).isZero();
		});
	}

	@Test
	void aMissingTableFailsEveryCallNamingTheRegistryTheActorAndTheReminder() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.once("once", T0)));
			StoredReminder claimed = store.claim(onlyDue(store, T0), "instance-a", T0.plusSeconds(30)).orElseThrow();
			this.database.jdbc().execute("DROP TABLE actor_reminder");

			assertThatExceptionOfType(ReminderStoreException.class)
				.isThrownBy(() -> store.register(registered("alice", Reminder.once("daily", T0))))
				.withMessageContaining("Registry 'ticks'")
				.withMessageContaining(
						"Registry 'ticks', actor 'alice': could not register reminder 'daily' in the database")
				.withMessageContaining("actor_reminder")
				.withMessageContaining("actors.persistence.initialize-schema")
				.withMessageContaining("register it again")
				.satisfies((ex) -> assertThat(ex.key()).isEqualTo("alice"));
			assertThatExceptionOfType(ReminderStoreException.class)
				.isThrownBy(() -> store.cancel(REGISTRY, "alice", "daily"))
				.withMessageContaining("Registry 'ticks', actor 'alice': could not cancel reminder 'daily'");
			assertThatExceptionOfType(ReminderStoreException.class).isThrownBy(() -> store.list(REGISTRY, "alice"))
				.withMessageContaining("Registry 'ticks', actor 'alice': could not list the reminders");
			assertThatExceptionOfType(ReminderStoreException.class).isThrownBy(() -> store.due(REGISTRY, T0, 10))
				.withMessageContaining("Registry 'ticks': could not read the due reminders")
				.withMessageContaining("the next poll reads them again");
			assertThatExceptionOfType(ReminderStoreException.class).isThrownBy(() -> store.advance(claimed, null, 1))
				.withMessageContaining("Registry 'ticks', actor 'alice': could not advance reminder 'once'")
				.withMessageContaining("fired again once its lease runs out");
			assertThatExceptionOfType(ReminderStoreException.class)
				.isThrownBy(() -> store.release(claimed, T0.plusSeconds(5)))
				.withMessageContaining("Registry 'ticks', actor 'alice': could not release reminder 'once'");
			assertThatExceptionOfType(ReminderStoreException.class)
				.isThrownBy(() -> store.claim(claimed, "instance-b", T0.plusSeconds(60)))
				.withMessageContaining("Registry 'ticks', actor 'alice': could not claim reminder 'once'");
		});
	}

	@Test
	void aRowThisVersionCannotReadIsLeftOutOfDueWithoutHoldingUpTheOthers() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.once("garbled", T0)));
			store.register(registered("bob", Reminder.every("zero", T0, Duration.ofMinutes(1))));
			store.register(registered("carol", Reminder.once("fine", T0.plusSeconds(1))));
			this.database.jdbc().update("UPDATE actor_reminder SET missed_ticks = 'SOMETIMES' WHERE name = 'garbled'");
			this.database.jdbc().update("UPDATE actor_reminder SET period_millis = 0 WHERE name = 'zero'");

			assertThat(store.due(REGISTRY, T0.plusSeconds(1), 10)).extracting(StoredReminder::name)
				.containsExactly("fine");
			assertThatExceptionOfType(ReminderStoreException.class).isThrownBy(() -> store.list(REGISTRY, "alice"))
				.withMessageContaining(
						"Registry 'ticks', actor 'alice': could not list the reminders: reminder 'garbled' has missed_ticks 'SOMETIMES'")
				.withMessageContaining("Correct its row in actor_reminder or cancel the reminder.");
			assertThatExceptionOfType(ReminderStoreException.class).isThrownBy(() -> store.list(REGISTRY, "bob"))
				.withMessageContaining("period_millis 0");
			assertThat(store.cancel(REGISTRY, "alice", "garbled")).isTrue();
		});
	}

	// schema

	@Test
	void theScriptsMakeTheTableWithItsIndexForDue() {
		ReminderContexts.on(this.database).run((context) -> assertThat(context).hasNotFailed());
		assertThat(this.database.jdbc()
			.queryForList("SELECT LOWER(column_name) FROM information_schema.columns"
					+ " WHERE LOWER(table_name) = 'actor_reminder' ORDER BY ordinal_position", String.class))
			.containsExactly("registry", "actor_key", "name", "due_at", "period_millis", "missed_ticks", "sequence",
					"lease_owner", "lease_until", "version");
		assertThat(this.kind.indexColumns(this.database, "actor_reminder_due_at")).containsExactly("registry",
				"due_at");
	}

	// helpers

	/**
	 * Claim the row as instance-b while instance-a's claim of it is written but not
	 * committed, then end instance-a's transaction.
	 * @param commit whether instance-a commits; else it rolls back
	 * @return instance-b's claim, once its wait for the row lock is over
	 */
	private Optional<StoredReminder> claimBehindAnUncommittedClaim(ReminderStore store, StoredReminder read,
			boolean commit) throws Exception {
		try (Connection other = this.database.connection()) {
			other.setAutoCommit(false);
			claimWithoutCommit(other, "instance-a");
			CompletableFuture<Optional<StoredReminder>> claim = CompletableFuture
				.supplyAsync(() -> store.claim(read, "instance-b", T0.plusSeconds(30)));
			awaitABlockedSession();
			if (commit) {
				other.commit();
			}
			else {
				other.rollback();
			}
			return claim.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void claimWithoutCommit(Connection connection, String owner) throws Exception {
		try (PreparedStatement claim = connection.prepareStatement("UPDATE actor_reminder SET lease_owner = ?,"
				+ " version = version + 1 WHERE registry = ? AND actor_key = ? AND name = ? AND version = 0")) {
			claim.setString(1, owner);
			claim.setString(2, REGISTRY);
			claim.setString(3, "alice");
			claim.setString(4, "daily");
			assertThat(claim.executeUpdate()).isOne();
		}
	}

	private void awaitABlockedSession() {
		Waits.eventually()
			.until(() -> this.database.jdbc().queryForObject(this.kind.blockedSessionsQuery(), Long.class),
					(n) -> n > 0);
	}

}
