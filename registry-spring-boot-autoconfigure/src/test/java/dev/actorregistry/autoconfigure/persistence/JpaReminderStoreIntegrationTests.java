package dev.actorregistry.autoconfigure.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.MissedTickPolicy;
import dev.actorregistry.Reminder;
import dev.actorregistry.ReminderStore;
import dev.actorregistry.ReminderStoreException;
import dev.actorregistry.StoredReminder;
import dev.actorregistry.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The JPA reminder store on one kind of database, called as a registry calls it; a
 * subclass per kind runs every test. Each test gets an empty database of its own, its
 * table made by the scripts in the jar (Hibernate only validates it), and each store
 * lives in an application context of its own, as it would in one application instance.
 */
abstract class JpaReminderStoreIntegrationTests {

	private static final String REGISTRY = "ticks";

	private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final TestDatabase kind;

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
		this.kind.drop(this.database);
	}

	// register, list, cancel

	@Test
	void registeredRemindersAreListedByNameAndCancelledOnce() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			assertThat(store).isInstanceOf(JpaReminderStore.class);
			StoredReminder daily = registered("alice", Reminder.every("daily", T0, Duration.ofDays(1)));
			StoredReminder once = registered("alice",
					Reminder.once("audit", T0.plusSeconds(5)).withMissedTicks(MissedTickPolicy.SKIP));
			StoredReminder catchUp = registered("alice",
					Reminder.every("hourly", T0, Duration.ofHours(1)).withMissedTicks(MissedTickPolicy.CATCH_UP));
			StoredReminder bobs = registered("bob", Reminder.once("audit", T0));
			StoredReminder elsewhere = StoredReminder.registered("other", "alice", Reminder.once("audit", T0));
			List.of(daily, once, catchUp, bobs, elsewhere).forEach(store::register);

			assertThat(store.list(REGISTRY, "alice")).containsExactly(once, daily, catchUp);
			assertThat(store.list(REGISTRY, "bob")).containsExactly(bobs);
			assertThat(store.list("other", "alice")).containsExactly(elsewhere);
			assertThat(store.list(REGISTRY, "carol")).isEmpty();
			assertThat(store.list(REGISTRY, "alice")).extracting(StoredReminder::reminder)
				.containsExactly(once.reminder(), daily.reminder(), catchUp.reminder());

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

			assertThat(store.cancel(REGISTRY, "alice", "daily")).isTrue();
			assertThat(store.cancel(REGISTRY, "alice", "daily")).isFalse();
			assertThat(store.cancel(REGISTRY, "carol", "daily")).isFalse();
			assertThat(store.list(REGISTRY, "alice")).containsExactly(once, catchUp);
			// the same name elsewhere is untouched
			assertThat(store.list("other", "alice")).containsExactly(elsewhere);
		});
	}

	@Test
	void registeringANameAgainReplacesItsScheduleAndFencesOffTheOldClaim() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.every("daily", T0, Duration.ofDays(1))));
			StoredReminder read = onlyDue(store, T0);
			StoredReminder claimed = store.claim(read, "instance-a", T0.plusSeconds(30)).orElseThrow();
			assertThat(claimed.version()).isEqualTo(1);

			// registered again while its tick is in flight
			Reminder replacement = Reminder.every("daily", T0.minus(MINUTE), Duration.ofHours(6))
				.withMissedTicks(MissedTickPolicy.SKIP);
			store.register(registered("alice", replacement));
			StoredReminder stored = store.list(REGISTRY, "alice").get(0);
			assertThat(stored).isEqualTo(new StoredReminder(REGISTRY, "alice", "daily", T0.minus(MINUTE),
					Duration.ofHours(6), MissedTickPolicy.SKIP, 0, null, null, 2));

			// the old claim can no longer write
			assertThat(store.advance(claimed, T0.plus(Duration.ofDays(1)), 1)).isFalse();
			assertThat(store.release(claimed, T0.plusSeconds(10))).isFalse();
			assertThat(store.advance(claimed, null, 1)).isFalse();
			// nor can a claim of the old schedule as read before
			assertThat(store.claim(read, "instance-b", T0.plusSeconds(30))).isEmpty();
			assertThat(store.list(REGISTRY, "alice")).containsExactly(stored);
			// the new schedule is free to claim, at once: the replaced lease is gone
			assertThat(store.due(REGISTRY, T0, 10)).containsExactly(stored);
		});
	}

	/**
	 * Cancelling and registering a name again starts its row at version 0 once more: a
	 * read of the old row, at version 0 too, must still not claim the new schedule.
	 */
	@Test
	void aStaleReadDoesNotClaimANameCancelledAndRegisteredAgain() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.every("daily", T0, Duration.ofDays(1))));
			StoredReminder read = onlyDue(store, T0);
			assertThat(store.cancel(REGISTRY, "alice", "daily")).isTrue();
			store.register(registered("alice", Reminder.every("daily", T0.plus(Duration.ofDays(7)), MINUTE)));
			assertThat(store.list(REGISTRY, "alice").get(0).version()).isEqualTo(read.version());

			assertThat(store.claim(read, "instance-a", T0.plusSeconds(30))).isEmpty();
			StoredReminder stored = store.list(REGISTRY, "alice").get(0);
			assertThat(stored.leaseOwner()).isNull();
			assertThat(stored.dueAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
		});
	}

	// due

	@Test
	void dueListsTicksDueAndFreeToClaimEarliestFirstWithinTheLimitOfOneRegistry() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			Instant now = T0.plus(Duration.ofHours(1));
			store.register(registered("a", Reminder.once("at-now", now)));
			store.register(registered("b", Reminder.once("three-minutes-ago", now.minus(MINUTE.multipliedBy(3)))));
			store.register(registered("c", Reminder.every("a-minute-ago", now.minus(MINUTE), MINUTE)));
			store.register(registered("d", Reminder.once("in-a-microsecond", now.plusNanos(1000))));
			store.register(registered("e", Reminder.once("leased", now.minus(MINUTE.multipliedBy(5)))));
			store.register(registered("f", Reminder.once("lease-ran-out", now.minus(MINUTE.multipliedBy(4)))));
			store.register(registered("g", Reminder.once("released", now.minus(MINUTE.multipliedBy(6)))));
			store.register(registered("h", Reminder.once("retry-due", now.minus(MINUTE.multipliedBy(2)))));
			store.register(StoredReminder.registered("other", "a", Reminder.once("elsewhere", T0)));

			List<StoredReminder> before = store.due(REGISTRY, now.minus(Duration.ofHours(2)), 100);
			assertThat(before).isEmpty();
			List<StoredReminder> all = store.due(REGISTRY, now, 100);
			assertThat(all).extracting(StoredReminder::name)
				.containsExactly("released", "leased", "lease-ran-out", "three-minutes-ago", "retry-due",
						"a-minute-ago", "at-now");
			StoredReminder leased = find(all, "leased");
			store.claim(leased, "instance-a", now.plusNanos(1000)).orElseThrow();
			StoredReminder ranOut = find(all, "lease-ran-out");
			store.claim(ranOut, "instance-a", now).orElseThrow();
			StoredReminder released = store.claim(find(all, "released"), "instance-a", now.plusSeconds(30))
				.orElseThrow();
			assertThat(store.release(released, now.plusSeconds(10))).isTrue();
			StoredReminder retry = store.claim(find(all, "retry-due"), "instance-a", now.plusSeconds(30)).orElseThrow();
			assertThat(store.release(retry, now)).isTrue();

			assertThat(store.due(REGISTRY, now, 100)).extracting(StoredReminder::name)
				.containsExactly("lease-ran-out", "three-minutes-ago", "retry-due", "a-minute-ago", "at-now");
			assertThat(store.due(REGISTRY, now, 2)).extracting(StoredReminder::name)
				.containsExactly("lease-ran-out", "three-minutes-ago");
			assertThat(store.due(REGISTRY, now, 0)).isEmpty();
			// a microsecond later, the lease of "leased" ran out and "in-a-microsecond"
			// is due
			assertThat(store.due(REGISTRY, now.plusNanos(1000), 100)).extracting(StoredReminder::name)
				.containsExactly("leased", "lease-ran-out", "three-minutes-ago", "retry-due", "a-minute-ago", "at-now",
						"in-a-microsecond");
			assertThat(store.due("other", now, 100)).extracting(StoredReminder::name).containsExactly("elsewhere");
			assertThat(store.due("none", now, 100)).isEmpty();
		});
	}

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

	@Test
	void ofTwoClaimsOfTheSameReadRowExactlyOneWins() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.every("daily", T0, Duration.ofDays(1))));
			StoredReminder read = onlyDue(store, T0);

			Optional<StoredReminder> first = store.claim(read, "instance-a", T0.plusSeconds(30));
			Optional<StoredReminder> second = store.claim(read, "instance-b", T0.plusSeconds(30));

			assertThat(first).contains(new StoredReminder(REGISTRY, "alice", "daily", T0, Duration.ofDays(1),
					MissedTickPolicy.FIRE_ONCE, 0, "instance-a", T0.plusSeconds(30), 1));
			assertThat(second).isEmpty();
			assertThat(store.list(REGISTRY, "alice")).containsExactly(first.orElseThrow());
			assertThat(store.due(REGISTRY, T0, 10)).isEmpty();
		});
	}

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

	/**
	 * The race of two application instances polling together: two stores, each with its
	 * own persistence unit and connection pool, read the same due rows, wait for each
	 * other at a barrier so that both hold every row at its unclaimed version, then claim
	 * every row, in the same order. Each row must be claimed exactly once, over several
	 * rounds.
	 */
	@Test
	void twoInstancesClaimingEveryDueRowAtOnceClaimEachRowExactlyOnce() {
		int rows = 100;
		int rounds = 5;
		ReminderContexts.on(this.database).run((first) -> ReminderContexts.on(this.database).run((second) -> {
			List<ReminderStore> stores = List.of(first.getBean(ReminderStore.class),
					second.getBean(ReminderStore.class));
			ReminderStore store = stores.get(0);
			for (int row = 0; row < rows; row++) {
				store.register(registered("k" + row, Reminder.every("tick", T0.plusMillis(row), MINUTE)));
			}
			ExecutorService threads = Executors.newFixedThreadPool(2);
			try {
				for (int round = 0; round < rounds; round++) {
					Instant now = T0.plus(MINUTE.multipliedBy(round)).plusSeconds(1);
					CyclicBarrier read = new CyclicBarrier(2);
					Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();
					List<Callable<Integer>> instances = new ArrayList<>();
					for (int instance = 0; instance < 2; instance++) {
						ReminderStore mine = stores.get(instance);
						String owner = "instance-" + instance;
						instances.add(() -> {
							List<StoredReminder> due = mine.due(REGISTRY, now, 1000);
							read.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
							for (StoredReminder row : due) {
								mine.claim(row, owner, now.plusSeconds(30))
									.ifPresent((won) -> claims.computeIfAbsent(won.key(), (key) -> new AtomicInteger())
										.incrementAndGet());
							}
							return due.size();
						});
					}
					List<Integer> dueCounts = new ArrayList<>();
					for (Future<Integer> attempt : threads.invokeAll(instances, Waits.TIMEOUT.toMillis(),
							TimeUnit.MILLISECONDS)) {
						dueCounts.add(attempt.get());
					}
					// both read every row before either claimed one
					assertThat(dueCounts).containsExactly(rows, rows);
					assertThat(claims).hasSize(rows);
					assertThat(claims.values()).allSatisfy((count) -> assertThat(count.get()).isOne());
					// move every row on, as the winner would after delivering
					List<StoredReminder> claimed = this.database.jdbc()
						.queryForList("SELECT actor_key FROM actor_reminder WHERE lease_owner IS NOT NULL",
								String.class)
						.stream()
						.map((key) -> store.list(REGISTRY, key).get(0))
						.toList();
					assertThat(claimed).hasSize(rows);
					int sequence = round + 1;
					claimed
						.forEach((row) -> assertThat(store.advance(row, row.dueAt().plus(MINUTE), sequence)).isTrue());
				}
			}
			finally {
				threads.shutdownNow();
			}
			assertThat(this.database.jdbc()
				.queryForObject("SELECT COUNT(*) FROM actor_reminder WHERE sequence = ? AND version = ?", Long.class,
						rounds, 2L * rounds))
				.isEqualTo(rows);
		}));
	}

	// advance and release

	@Test
	void advanceMovesTheClaimedReminderToItsNextTickOrRemovesIt() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.every("daily", T0, Duration.ofDays(1))));
			store.register(registered("bob", Reminder.once("once", T0)));
			StoredReminder daily = store
				.claim(find(store.due(REGISTRY, T0, 10), "daily"), "instance-a", T0.plusSeconds(30))
				.orElseThrow();
			StoredReminder once = store
				.claim(find(store.due(REGISTRY, T0, 10), "once"), "instance-a", T0.plusSeconds(30))
				.orElseThrow();

			assertThat(store.advance(daily, T0.plus(Duration.ofDays(1)), 1)).isTrue();
			StoredReminder next = new StoredReminder(REGISTRY, "alice", "daily", T0.plus(Duration.ofDays(1)),
					Duration.ofDays(1), MissedTickPolicy.FIRE_ONCE, 1, null, null, 2);
			assertThat(store.list(REGISTRY, "alice")).containsExactly(next);
			// done once: a second advance of the same claim is stale
			assertThat(store.advance(daily, T0.plus(Duration.ofDays(2)), 2)).isFalse();
			assertThat(store.advance(daily, null, 2)).isFalse();
			assertThat(store.list(REGISTRY, "alice")).containsExactly(next);

			assertThat(store.advance(once, null, 1)).isTrue();
			assertThat(store.list(REGISTRY, "bob")).isEmpty();
			assertThat(store.advance(once, null, 1)).isFalse();

			assertThat(store.due(REGISTRY, T0.plusSeconds(60), 10)).isEmpty();
			assertThat(store.due(REGISTRY, T0.plus(Duration.ofDays(1)), 10)).containsExactly(next);
		});
	}

	@Test
	void aStaleAdvanceToNoNextTickRemovesNothing() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.once("once", T0)));
			StoredReminder claimed = store.claim(onlyDue(store, T0), "instance-a", T0.plusSeconds(30)).orElseThrow();
			store.register(registered("alice", Reminder.once("once", T0.plusSeconds(90))));
			assertThat(store.advance(claimed, null, 1)).isFalse();
			assertThat(store.list(REGISTRY, "alice")).extracting(StoredReminder::dueAt)
				.containsExactly(T0.plusSeconds(90));
		});
	}

	@Test
	void releaseKeepsTheTickDueButUnclaimableUntilTheRetryTime() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.every("daily", T0, Duration.ofDays(1))));
			Instant now = T0.plusSeconds(5);
			StoredReminder claimed = store.claim(onlyDue(store, now), "instance-a", now.plusSeconds(30)).orElseThrow();
			Instant retryAt = now.plusSeconds(10);

			assertThat(store.release(claimed, retryAt)).isTrue();
			StoredReminder released = new StoredReminder(REGISTRY, "alice", "daily", T0, Duration.ofDays(1),
					MissedTickPolicy.FIRE_ONCE, 0, null, retryAt, 2);
			assertThat(store.list(REGISTRY, "alice")).containsExactly(released);
			assertThat(store.release(claimed, retryAt)).isFalse();
			assertThat(store.advance(claimed, T0.plus(Duration.ofDays(1)), 1)).isFalse();
			assertThat(store.due(REGISTRY, now, 10)).isEmpty();
			assertThat(store.due(REGISTRY, retryAt.minusNanos(1000), 10)).isEmpty();
			assertThat(store.due(REGISTRY, retryAt, 10)).containsExactly(released);

			// fired again: the same tick, by whichever instance claims it
			StoredReminder again = store.claim(released, "instance-b", retryAt.plusSeconds(30)).orElseThrow();
			assertThat(again.sequence()).isZero();
			assertThat(again.dueAt()).isEqualTo(T0);
			assertThat(again.leaseOwner()).isEqualTo("instance-b");
		});
	}

	/**
	 * At least once: an instance claims a tick and dies before it records the delivery.
	 * Once the lease runs out, another instance claims the same tick, with the same
	 * sequence; the first, should it come back, can no longer write.
	 */
	@Test
	void aTickWhoseLeaseRanOutIsClaimedAgainByAnotherInstanceWithTheSameSequence() {
		ReminderContexts.on(this.database).run((first) -> ReminderContexts.on(this.database).run((second) -> {
			ReminderStore dead = first.getBean(ReminderStore.class);
			ReminderStore alive = second.getBean(ReminderStore.class);
			dead.register(registered("alice", Reminder.every("daily", T0, Duration.ofDays(1))));
			dead.advance(dead.claim(onlyDue(dead, T0), "instance-a", T0.plusSeconds(30)).orElseThrow(),
					T0.plus(Duration.ofDays(1)), 1);
			Instant now = T0.plus(Duration.ofDays(1));
			StoredReminder lost = dead.claim(onlyDue(dead, now), "instance-a", now.plusSeconds(30)).orElseThrow();
			assertThat(lost.sequence()).isEqualTo(1);

			assertThat(alive.due(REGISTRY, now.plusSeconds(29), 10)).isEmpty();
			StoredReminder expired = onlyDue(alive, now.plusSeconds(30));
			assertThat(expired.sequence()).isEqualTo(1);
			assertThat(expired.leaseOwner()).isEqualTo("instance-a");
			StoredReminder retaken = alive.claim(expired, "instance-b", now.plusSeconds(60)).orElseThrow();
			assertThat(retaken.sequence()).isEqualTo(1);
			assertThat(retaken.dueAt()).isEqualTo(now);
			assertThat(retaken.leaseOwner()).isEqualTo("instance-b");

			assertThat(dead.advance(lost, now.plus(Duration.ofDays(1)), 2)).isFalse();
			assertThat(dead.release(lost, now.plusSeconds(40))).isFalse();
			assertThat(alive.advance(retaken, now.plus(Duration.ofDays(1)), 2)).isTrue();
			assertThat(alive.list(REGISTRY, "alice")).extracting(StoredReminder::sequence).containsExactly(2L);
		}));
	}

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
				.withMessageContaining("could not register reminder 'daily' of actor 'alice'")
				.withMessageContaining("actor_reminder")
				.withMessageContaining("actors.persistence.initialize-schema")
				.withMessageContaining("register it again")
				.satisfies((ex) -> assertThat(ex.key()).isEqualTo("alice"));
			assertThatExceptionOfType(ReminderStoreException.class)
				.isThrownBy(() -> store.cancel(REGISTRY, "alice", "daily"))
				.withMessageContaining("could not cancel reminder 'daily' of actor 'alice'");
			assertThatExceptionOfType(ReminderStoreException.class).isThrownBy(() -> store.list(REGISTRY, "alice"))
				.withMessageContaining("could not list the reminders of actor 'alice'");
			assertThatExceptionOfType(ReminderStoreException.class).isThrownBy(() -> store.due(REGISTRY, T0, 10))
				.withMessageContaining("Registry 'ticks': could not read the due reminders")
				.withMessageContaining("the next poll reads them again");
			assertThatExceptionOfType(ReminderStoreException.class).isThrownBy(() -> store.advance(claimed, null, 1))
				.withMessageContaining("could not advance reminder 'once' of actor 'alice'")
				.withMessageContaining("fired again once its lease runs out");
			assertThatExceptionOfType(ReminderStoreException.class)
				.isThrownBy(() -> store.release(claimed, T0.plusSeconds(5)))
				.withMessageContaining("could not release reminder 'once' of actor 'alice'");
			assertThatExceptionOfType(ReminderStoreException.class)
				.isThrownBy(() -> store.claim(claimed, "instance-b", T0.plusSeconds(60)))
				.withMessageContaining("could not claim reminder 'once' of actor 'alice'");
		});
	}

	@Test
	void aRowThisVersionCannotReadIsLeftOutOfDueWithoutHoldingUpTheOthers() {
		ReminderContexts.on(this.database).run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(registered("alice", Reminder.once("garbled", T0)));
			store.register(registered("bob", Reminder.every("zero", T0, MINUTE)));
			store.register(registered("carol", Reminder.once("fine", T0.plusSeconds(1))));
			this.database.jdbc().update("UPDATE actor_reminder SET missed_ticks = 'SOMETIMES' WHERE name = 'garbled'");
			this.database.jdbc().update("UPDATE actor_reminder SET period_millis = 0 WHERE name = 'zero'");

			assertThat(store.due(REGISTRY, T0.plusSeconds(1), 10)).extracting(StoredReminder::name)
				.containsExactly("fine");
			assertThatExceptionOfType(ReminderStoreException.class).isThrownBy(() -> store.list(REGISTRY, "alice"))
				.withMessageContaining("reminder 'garbled' of actor 'alice' has missed_ticks 'SOMETIMES'")
				.withMessageContaining("cancel the reminder");
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
		assertThat(indexColumns(this.kind, this.database, "actor_reminder_due_at")).containsExactly("registry",
				"due_at");
	}

	// helpers

	static List<String> indexColumns(TestDatabase kind, TestDatabase.Instance database, String index) {
		String query = kind.isEmbedded()
				? "SELECT LOWER(c.column_name) FROM information_schema.index_columns c"
						+ " WHERE LOWER(c.index_name) = ? ORDER BY c.ordinal_position"
				: "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
						+ " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true"
						+ " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
						+ " WHERE c.relname = ? ORDER BY k.position";
		return database.jdbc().queryForList(query, String.class, index);
	}

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

	private static StoredReminder onlyDue(ReminderStore store, Instant now) {
		List<StoredReminder> due = store.due(REGISTRY, now, 10);
		assertThat(due).hasSize(1);
		return due.get(0);
	}

	private static StoredReminder find(List<StoredReminder> reminders, String name) {
		return reminders.stream().filter((reminder) -> reminder.name().equals(name)).findFirst().orElseThrow();
	}

	private static StoredReminder registered(String key, Reminder reminder) {
		return StoredReminder.registered(REGISTRY, key, reminder);
	}

}
