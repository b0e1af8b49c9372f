package dev.actorregistry.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.actorregistry.reminder.MissedTickPolicy;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.reminder.StoredReminder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of every {@link ReminderStore}, as its Javadoc states it: a subclass per
 * store runs every test. Versions are compared only for change: each store numbers them
 * its own way. Times are whole seconds, which every database keeps exactly.
 */
public abstract class ReminderStoreContractTests {

	/** The registry the reminders belong to. */
	protected static final String REGISTRY = "ticks";

	/** A time to schedule from. */
	protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static final Duration DAY = Duration.ofDays(1);

	private @Nullable ReminderStore store;

	/**
	 * Create the store under test, empty: the store of one application instance.
	 * @return the store
	 */
	protected abstract ReminderStore createStore();

	/**
	 * The store of another application instance, sharing the rows of
	 * {@link #createStore() the first}. Stores in memory, shared by the registries of one
	 * process, return the same store.
	 * @param store the first instance's store
	 * @return the other instance's store
	 */
	protected ReminderStore anotherInstance(ReminderStore store) {
		return store;
	}

	private ReminderStore store() {
		if (this.store == null) {
			this.store = createStore();
		}
		return this.store;
	}

	// register, list, cancel

	/**
	 * Registered reminders are listed by name, per registry and key, as registered, free
	 * of any lease; cancel removes one and says whether there was one.
	 */
	@Test
	void registeredRemindersAreListedByNameAndCancelledOnce() {
		StoredReminder daily = registered("alice", Reminder.every("daily", T0, DAY));
		StoredReminder once = registered("alice",
				Reminder.once("audit", T0.plusSeconds(5)).withMissedTicks(MissedTickPolicy.SKIP));
		StoredReminder catchUp = registered("alice",
				Reminder.every("hourly", T0, Duration.ofHours(1)).withMissedTicks(MissedTickPolicy.CATCH_UP));
		StoredReminder bobs = registered("bob", Reminder.once("audit", T0));
		StoredReminder elsewhere = StoredReminder.registered("other", "alice", Reminder.once("audit", T0));
		List.of(daily, once, catchUp, bobs, elsewhere).forEach(store()::register);

		assertThat(store().list(REGISTRY, "alice")).usingRecursiveFieldByFieldElementComparatorIgnoringFields("version")
			.containsExactly(once, daily, catchUp);
		assertThat(store().list(REGISTRY, "bob")).usingRecursiveFieldByFieldElementComparatorIgnoringFields("version")
			.containsExactly(bobs);
		assertThat(store().list("other", "alice")).usingRecursiveFieldByFieldElementComparatorIgnoringFields("version")
			.containsExactly(elsewhere);
		assertThat(store().list(REGISTRY, "carol")).isEmpty();

		assertThat(store().cancel(REGISTRY, "alice", "daily")).isTrue();
		assertThat(store().cancel(REGISTRY, "alice", "daily")).isFalse();
		assertThat(store().cancel(REGISTRY, "carol", "daily")).isFalse();
		assertThat(store().list(REGISTRY, "alice")).extracting(StoredReminder::name).containsExactly("audit", "hourly");
		// the same name elsewhere is untouched
		assertThat(store().list("other", "alice")).extracting(StoredReminder::name).containsExactly("audit");
	}

	/**
	 * Registering a name again replaces its schedule, frees any lease at once, and
	 * changes its version: the old claim can no longer advance or release it, nor can a
	 * read of the old schedule claim it.
	 */
	@Test
	void registeringANameAgainReplacesItsScheduleAndFencesOffTheOldClaim() {
		store().register(registered("alice", Reminder.every("daily", T0, DAY)));
		StoredReminder read = onlyDue(T0);
		StoredReminder claimed = store().claim(read, "instance-a", T0.plusSeconds(30)).orElseThrow();

		// registered again while its tick is in flight
		Reminder replacement = Reminder.every("daily", T0.minus(MINUTE), Duration.ofHours(6))
			.withMissedTicks(MissedTickPolicy.SKIP);
		store().register(registered("alice", replacement));
		StoredReminder stored = store().list(REGISTRY, "alice").get(0);
		assertThat(stored).usingRecursiveComparison()
			.ignoringFields("version")
			.isEqualTo(registered("alice", replacement));
		assertThat(stored.version()).isNotIn(read.version(), claimed.version());

		// the old claim can no longer write
		assertThat(store().advance(claimed, T0.plus(DAY), 1)).isFalse();
		assertThat(store().release(claimed, T0.plusSeconds(10))).isFalse();
		assertThat(store().advance(claimed, null, 1)).isFalse();
		// nor can a claim of the old schedule as read before
		assertThat(store().claim(read, "instance-b", T0.plusSeconds(30))).isEmpty();
		assertThat(store().list(REGISTRY, "alice")).containsExactly(stored);
		// the new schedule is free to claim, at once: the replaced lease is gone
		assertThat(store().due(REGISTRY, T0, 10)).containsExactly(stored);
	}

	/**
	 * A read of a reminder that was cancelled and registered again under its name does
	 * not claim the new schedule.
	 */
	@Test
	void aStaleReadDoesNotClaimANameCancelledAndRegisteredAgain() {
		store().register(registered("alice", Reminder.every("daily", T0, DAY)));
		StoredReminder read = onlyDue(T0);
		assertThat(store().cancel(REGISTRY, "alice", "daily")).isTrue();
		store().register(registered("alice", Reminder.every("daily", T0.plus(Duration.ofDays(7)), MINUTE)));

		assertThat(store().claim(read, "instance-a", T0.plusSeconds(30))).isEmpty();
		StoredReminder stored = store().list(REGISTRY, "alice").get(0);
		assertThat(stored.leaseOwner()).isNull();
		assertThat(stored.dueAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
	}

	/**
	 * A reminder cancelled while its tick is in flight stays cancelled: the claim can
	 * neither advance it back nor release it.
	 */
	@Test
	void aReminderCancelledWhileClaimedIsNotWrittenBackByTheClaim() {
		store().register(registered("alice", Reminder.every("daily", T0, DAY)));
		StoredReminder claimed = store().claim(onlyDue(T0), "instance-a", T0.plusSeconds(30)).orElseThrow();
		assertThat(store().cancel(REGISTRY, "alice", "daily")).isTrue();

		assertThat(store().advance(claimed, T0.plus(DAY), 1)).isFalse();
		assertThat(store().release(claimed, T0.plusSeconds(10))).isFalse();
		assertThat(store().advance(claimed, null, 1)).isFalse();
		assertThat(store().list(REGISTRY, "alice")).isEmpty();
		assertThat(store().due(REGISTRY, T0.plus(Duration.ofDays(2)), 10)).isEmpty();
	}

	// due

	/**
	 * Due lists the reminders of one registry due at or before the time and not leased
	 * beyond it (a lease that ends at the time has run out), earliest first, at most the
	 * limit.
	 */
	@Test
	void dueListsTicksDueAndFreeToClaimEarliestFirstWithinTheLimitOfOneRegistry() {
		Instant now = T0.plus(Duration.ofHours(1));
		store().register(registered("a", Reminder.once("at-now", now)));
		store().register(registered("b", Reminder.once("three-minutes-ago", now.minus(MINUTE.multipliedBy(3)))));
		store().register(registered("c", Reminder.every("a-minute-ago", now.minus(MINUTE), MINUTE)));
		store().register(registered("d", Reminder.once("in-a-second", now.plusSeconds(1))));
		store().register(registered("e", Reminder.once("leased", now.minus(MINUTE.multipliedBy(5)))));
		store().register(registered("f", Reminder.once("lease-ran-out", now.minus(MINUTE.multipliedBy(4)))));
		store().register(registered("g", Reminder.once("released", now.minus(MINUTE.multipliedBy(6)))));
		store().register(registered("h", Reminder.once("retry-due", now.minus(MINUTE.multipliedBy(2)))));
		store().register(StoredReminder.registered("other", "a", Reminder.once("elsewhere", T0)));

		assertThat(store().due(REGISTRY, now.minus(Duration.ofHours(2)), 100)).isEmpty();
		List<StoredReminder> all = store().due(REGISTRY, now, 100);
		assertThat(all).extracting(StoredReminder::name)
			.containsExactly("released", "leased", "lease-ran-out", "three-minutes-ago", "retry-due", "a-minute-ago",
					"at-now");
		store().claim(find(all, "leased"), "instance-a", now.plusSeconds(1)).orElseThrow();
		store().claim(find(all, "lease-ran-out"), "instance-a", now).orElseThrow();
		StoredReminder released = store().claim(find(all, "released"), "instance-a", now.plusSeconds(30)).orElseThrow();
		assertThat(store().release(released, now.plusSeconds(10))).isTrue();
		StoredReminder retry = store().claim(find(all, "retry-due"), "instance-a", now.plusSeconds(30)).orElseThrow();
		assertThat(store().release(retry, now)).isTrue();

		assertThat(store().due(REGISTRY, now, 100)).extracting(StoredReminder::name)
			.containsExactly("lease-ran-out", "three-minutes-ago", "retry-due", "a-minute-ago", "at-now");
		assertThat(store().due(REGISTRY, now, 2)).extracting(StoredReminder::name)
			.containsExactly("lease-ran-out", "three-minutes-ago");
		assertThat(store().due(REGISTRY, now, 0)).isEmpty();
		// a second later, the lease of "leased" ran out and "in-a-second" is due
		assertThat(store().due(REGISTRY, now.plusSeconds(1), 100)).extracting(StoredReminder::name)
			.containsExactly("leased", "lease-ran-out", "three-minutes-ago", "retry-due", "a-minute-ago", "at-now",
					"in-a-second");
		assertThat(store().due("other", now, 100)).extracting(StoredReminder::name).containsExactly("elsewhere");
		assertThat(store().due("none", now, 100)).isEmpty();
	}

	// claim

	/**
	 * A claim takes the lease of the row as read, at a new version, and takes it off the
	 * due list; a second claim of the same read finds the row changed and gets nothing.
	 */
	@Test
	void ofTwoClaimsOfTheSameReadRowExactlyOneWins() {
		store().register(registered("alice", Reminder.every("daily", T0, DAY)));
		StoredReminder read = onlyDue(T0);

		Optional<StoredReminder> first = store().claim(read, "instance-a", T0.plusSeconds(30));
		Optional<StoredReminder> second = anotherInstance(store()).claim(read, "instance-b", T0.plusSeconds(30));

		assertThat(first).hasValueSatisfying((claimed) -> {
			assertThat(claimed).usingRecursiveComparison()
				.ignoringFields("version")
				.isEqualTo(new StoredReminder(REGISTRY, "alice", "daily", T0, DAY, MissedTickPolicy.FIRE_ONCE, 0,
						"instance-a", T0.plusSeconds(30), 0));
			assertThat(claimed.version()).isNotEqualTo(read.version());
		});
		assertThat(second).isEmpty();
		assertThat(store().list(REGISTRY, "alice")).containsExactly(first.orElseThrow());
		assertThat(store().due(REGISTRY, T0, 10)).isEmpty();
		assertThat(store().due(REGISTRY, T0.plusSeconds(30), 10)).containsExactly(first.orElseThrow());
	}

	/**
	 * Two instances poll together: both read the same due rows, wait for each other so
	 * that both hold every row at its unclaimed version, then claim every row in the same
	 * order. Each row is claimed exactly once, over several rounds.
	 */
	@Test
	void twoInstancesClaimingEveryDueRowAtOnceClaimEachRowExactlyOnce() throws Exception {
		int rows = 100;
		int rounds = 5;
		List<ReminderStore> stores = List.of(store(), anotherInstance(store()));
		for (int row = 0; row < rows; row++) {
			store().register(registered("k" + row, Reminder.every("tick", T0.plusMillis(row), MINUTE)));
		}
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < rounds; round++) {
				Instant now = T0.plus(MINUTE.multipliedBy(round)).plusSeconds(1);
				CyclicBarrier read = new CyclicBarrier(2);
				Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();
				Map<String, StoredReminder> won = new ConcurrentHashMap<>();
				List<Callable<Integer>> instances = new ArrayList<>();
				for (int instance = 0; instance < 2; instance++) {
					ReminderStore mine = stores.get(instance);
					String owner = "instance-" + instance;
					instances.add(() -> {
						List<StoredReminder> due = mine.due(REGISTRY, now, 1000);
						read.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
						for (StoredReminder row : due) {
							mine.claim(row, owner, now.plusSeconds(30)).ifPresent((claimed) -> {
								claims.computeIfAbsent(claimed.key(), (key) -> new AtomicInteger()).incrementAndGet();
								won.put(claimed.key(), claimed);
							});
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
				int sequence = round + 1;
				won.values()
					.forEach((row) -> assertThat(store().advance(row, row.dueAt().plus(MINUTE), sequence)).isTrue());
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(store().due(REGISTRY, T0.plus(MINUTE.multipliedBy(rounds)).plusSeconds(1), 1000)).hasSize(rows)
			.allSatisfy((row) -> assertThat(row.sequence()).isEqualTo(rounds));
	}

	// advance and release

	/**
	 * Advance moves the claimed reminder to its next tick and frees its lease, or removes
	 * it if it has no next tick; done once, a second advance of the same claim is stale.
	 */
	@Test
	void advanceMovesTheClaimedReminderToItsNextTickOrRemovesIt() {
		store().register(registered("alice", Reminder.every("daily", T0, DAY)));
		store().register(registered("bob", Reminder.once("once", T0)));
		StoredReminder daily = store()
			.claim(find(store().due(REGISTRY, T0, 10), "daily"), "instance-a", T0.plusSeconds(30))
			.orElseThrow();
		StoredReminder once = store()
			.claim(find(store().due(REGISTRY, T0, 10), "once"), "instance-a", T0.plusSeconds(30))
			.orElseThrow();

		assertThat(store().advance(daily, T0.plus(DAY), 1)).isTrue();
		StoredReminder next = store().list(REGISTRY, "alice").get(0);
		assertThat(next).usingRecursiveComparison()
			.ignoringFields("version")
			.isEqualTo(new StoredReminder(REGISTRY, "alice", "daily", T0.plus(DAY), DAY, MissedTickPolicy.FIRE_ONCE, 1,
					null, null, 0));
		assertThat(next.version()).isNotEqualTo(daily.version());
		assertThat(store().advance(daily, T0.plus(Duration.ofDays(2)), 2)).isFalse();
		assertThat(store().advance(daily, null, 2)).isFalse();
		assertThat(store().list(REGISTRY, "alice")).containsExactly(next);

		assertThat(store().advance(once, null, 1)).isTrue();
		assertThat(store().list(REGISTRY, "bob")).isEmpty();
		assertThat(store().advance(once, null, 1)).isFalse();

		assertThat(store().due(REGISTRY, T0.plusSeconds(60), 10)).isEmpty();
		assertThat(store().due(REGISTRY, T0.plus(DAY), 10)).containsExactly(next);
	}

	/**
	 * An advance to no next tick of a claim whose row was registered again removes
	 * nothing.
	 */
	@Test
	void aStaleAdvanceToNoNextTickRemovesNothing() {
		store().register(registered("alice", Reminder.once("once", T0)));
		StoredReminder claimed = store().claim(onlyDue(T0), "instance-a", T0.plusSeconds(30)).orElseThrow();
		store().register(registered("alice", Reminder.once("once", T0.plusSeconds(90))));
		assertThat(store().advance(claimed, null, 1)).isFalse();
		assertThat(store().list(REGISTRY, "alice")).extracting(StoredReminder::dueAt)
			.containsExactly(T0.plusSeconds(90));
	}

	/**
	 * Release gives up the lease and keeps the same tick due, but unclaimable by any
	 * instance until the retry time; then another instance claims the same tick.
	 */
	@Test
	void releaseKeepsTheTickDueButUnclaimableUntilTheRetryTime() {
		store().register(registered("alice", Reminder.every("daily", T0, DAY)));
		Instant now = T0.plusSeconds(5);
		StoredReminder claimed = store().claim(onlyDue(now), "instance-a", now.plusSeconds(30)).orElseThrow();
		Instant retryAt = now.plusSeconds(10);

		assertThat(store().release(claimed, retryAt)).isTrue();
		StoredReminder released = store().list(REGISTRY, "alice").get(0);
		assertThat(released).usingRecursiveComparison()
			.ignoringFields("version")
			.isEqualTo(new StoredReminder(REGISTRY, "alice", "daily", T0, DAY, MissedTickPolicy.FIRE_ONCE, 0, null,
					retryAt, 0));
		assertThat(store().release(claimed, retryAt)).isFalse();
		assertThat(store().advance(claimed, T0.plus(DAY), 1)).isFalse();
		ReminderStore other = anotherInstance(store());
		assertThat(other.due(REGISTRY, now, 10)).isEmpty();
		assertThat(other.due(REGISTRY, retryAt.minusSeconds(1), 10)).isEmpty();
		assertThat(other.due(REGISTRY, retryAt, 10)).containsExactly(released);

		// fired again: the same tick, by whichever instance claims it
		StoredReminder again = other.claim(released, "instance-b", retryAt.plusSeconds(30)).orElseThrow();
		assertThat(again.sequence()).isZero();
		assertThat(again.dueAt()).isEqualTo(T0);
		assertThat(again.leaseOwner()).isEqualTo("instance-b");
	}

	/**
	 * At least once: an instance claims a tick and dies before it records the delivery.
	 * Once the lease runs out, another instance claims the same tick, with the same
	 * sequence; the first, should it come back, can no longer write.
	 */
	@Test
	void aTickWhoseLeaseRanOutIsClaimedAgainByAnotherInstanceWithTheSameSequence() {
		ReminderStore dead = store();
		ReminderStore alive = anotherInstance(dead);
		dead.register(registered("alice", Reminder.every("daily", T0, DAY)));
		assertThat(
				dead.advance(dead.claim(onlyDue(T0), "instance-a", T0.plusSeconds(30)).orElseThrow(), T0.plus(DAY), 1))
			.isTrue();
		Instant now = T0.plus(DAY);
		StoredReminder lost = dead.claim(onlyDue(now), "instance-a", now.plusSeconds(30)).orElseThrow();
		assertThat(lost.sequence()).isEqualTo(1);

		assertThat(alive.due(REGISTRY, now.plusSeconds(29), 10)).isEmpty();
		List<StoredReminder> expired = alive.due(REGISTRY, now.plusSeconds(30), 10);
		assertThat(expired).singleElement().satisfies((row) -> {
			assertThat(row.sequence()).isEqualTo(1);
			assertThat(row.leaseOwner()).isEqualTo("instance-a");
		});
		StoredReminder retaken = alive.claim(expired.get(0), "instance-b", now.plusSeconds(60)).orElseThrow();
		assertThat(retaken.sequence()).isEqualTo(1);
		assertThat(retaken.dueAt()).isEqualTo(now);
		assertThat(retaken.leaseOwner()).isEqualTo("instance-b");

		assertThat(dead.advance(lost, now.plus(DAY), 2)).isFalse();
		assertThat(dead.release(lost, now.plusSeconds(40))).isFalse();
		assertThat(alive.advance(retaken, now.plus(DAY), 2)).isTrue();
		assertThat(alive.list(REGISTRY, "alice")).extracting(StoredReminder::sequence).containsExactly(2L);
	}

	/**
	 * A key as long as {@link ReminderStore#maxKeyLength} allows (or a long one, for
	 * stores without a limit) is kept.
	 */
	@Test
	void aKeyOfTheLongestLengthTheStoreKeepsIsKept() {
		String key = "k".repeat(Math.min(store().maxKeyLength(), 10_000));
		store().register(registered(key, Reminder.once("once", T0)));
		assertThat(store().list(REGISTRY, key)).extracting(StoredReminder::name).containsExactly("once");
	}

	private StoredReminder onlyDue(Instant now) {
		return onlyDue(store(), now);
	}

	/**
	 * The one reminder of {@link #REGISTRY} due at a time, asserted to be the only one.
	 * @param store the store to ask
	 * @param now the time
	 * @return the reminder
	 */
	protected static StoredReminder onlyDue(ReminderStore store, Instant now) {
		List<StoredReminder> due = store.due(REGISTRY, now, 10);
		assertThat(due).hasSize(1);
		return due.get(0);
	}

	/**
	 * The reminder of a name among some.
	 * @param reminders the reminders
	 * @param name the name
	 * @return the reminder
	 */
	protected static StoredReminder find(List<StoredReminder> reminders, String name) {
		return reminders.stream().filter((reminder) -> reminder.name().equals(name)).findFirst().orElseThrow();
	}

	/**
	 * A reminder of {@link #REGISTRY} as registered for a key.
	 * @param key the actor's key
	 * @param reminder the reminder
	 * @return the stored reminder
	 */
	protected static StoredReminder registered(String key, Reminder reminder) {
		return StoredReminder.registered(REGISTRY, key, reminder);
	}

}
