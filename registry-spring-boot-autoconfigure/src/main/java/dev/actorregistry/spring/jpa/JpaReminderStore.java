package dev.actorregistry.spring.jpa;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.CacheStoreMode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.Query;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.reminder.ReminderStoreException;
import dev.actorregistry.reminder.StoredReminder;

/**
 * A {@link ReminderStore} in the application's database, through its JPA
 * {@link EntityManagerFactory}: one row of {@code actor_reminder} per registry name,
 * actor key (as text) and reminder name.
 * <p>
 * Every conditional write, a claim, an advance or a release, is one {@code UPDATE} (or
 * {@code DELETE}) whose {@code WHERE} names the version read, so the database decides
 * which of two instances wins: the second waits for the first's row lock and then finds
 * the row at another version, under READ COMMITTED as under stricter isolation. Besides
 * the version, those writes also match the due time and sequence read (and, after a
 * claim, the lease owner): a reminder cancelled and registered again starts at version 0
 * once more, and a stale read of the old one must not claim or move the new one. A claim
 * reads back the row it wrote, so the schedule it fires is the stored one.
 * {@link #register Registering} a name again updates its row, clearing any lease and
 * raising its version, so a claim of the old schedule can no longer write.
 * <p>
 * Databases keep times to the microsecond: due times and leases are rounded up to it, so
 * a tick never fires early and a lease is never shorter than asked; the time a poll
 * passes is rounded down. Periods are kept in whole milliseconds. Each operation runs in
 * a transaction of its own, apart from any transaction of the caller. Failures are
 * {@link ReminderStoreException}s naming the registry, the actor and the reminder; a
 * conditional write that loses a race to another instance is no failure, it returns empty
 * or false.
 * <p>
 * Its entity must be part of the persistence unit: auto-configuration adds its package to
 * Boot's entity scanning, but an application that names its entity packages with
 * {@code @EntityScan} must add this class's package to them.
 */
public class JpaReminderStore implements ReminderStore {

	private static final Log logger = LogFactory.getLog(JpaReminderStore.class);

	/** Without a final period: what to do goes on after it. */
	private static final String SCHEMA_HINT = "Check that the database is reachable and that the table "
			+ "actor_reminder exists (actors.persistence.initialize-schema creates it from the scripts in the jar)";

	private static final String ROW = "r.id.registry = :registry and r.id.actorKey = :actorKey and r.id.name = :name";

	/** A conditional write: the row as read, not changed since. */
	private static final String AS_READ = ROW
			+ " and r.version = :version and r.dueAt = :readDueAt and r.sequence = :readSequence";

	/** A write after a claim: the row as claimed, still held by the claimer. */
	private static final String AS_CLAIMED = AS_READ + " and r.leaseOwner = :readOwner";

	private final EntityManager entityManager;

	private final TransactionTemplate reads;

	private final TransactionTemplate writes;

	/**
	 * Create a store.
	 * @param entityManagerFactory the persistence unit that includes this package's
	 * entities
	 * @param transactionManager a transaction manager for that persistence unit
	 * @throws IllegalStateException if the persistence unit does not include this
	 * package's reminder entity
	 */
	public JpaReminderStore(EntityManagerFactory entityManagerFactory, PlatformTransactionManager transactionManager) {
		Objects.requireNonNull(entityManagerFactory, "entityManagerFactory must not be null");
		Objects.requireNonNull(transactionManager, "transactionManager must not be null");
		PersistenceUnitCheck.requireEntities(entityManagerFactory, JpaReminderStore.class, "actor reminder entity",
				"keep no reminders in the database", ActorReminderEntity.class);
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
		this.reads = JpaStoreSupport.transactions(transactionManager, true);
		this.writes = JpaStoreSupport.transactions(transactionManager, false);
	}

	@Override
	public int maxKeyLength() {
		return JpaStoreSupport.MAX_KEY_LENGTH;
	}

	@Override
	public void register(StoredReminder reminder) {
		Objects.requireNonNull(reminder, "reminder must not be null");
		Long periodMillis = requireStorable(reminder);
		Instant dueAt = ceilToMicros(reminder.dueAt());
		// a register that races another one of a new name inserts second and collides:
		// it then replaces the row the other inserted, as if it had come after it
		for (int attempt = 1;; attempt++) {
			try {
				this.writes.executeWithoutResult((status) -> {
					int updated = update("set r.dueAt = :dueAt, r.periodMillis = :periodMillis,"
							+ " r.missedTicks = :missedTicks, r.sequence = :sequence, r.leaseOwner = null,"
							+ " r.leaseUntil = null, r.version = r.version + 1 where " + ROW, reminder)
						.setParameter("dueAt", dueAt)
						.setParameter("periodMillis", periodMillis)
						.setParameter("missedTicks", reminder.missedTicks().name())
						.setParameter("sequence", reminder.sequence())
						.executeUpdate();
					if (updated == 0) {
						this.entityManager.persist(new ActorReminderEntity(idOf(reminder), dueAt, periodMillis,
								reminder.missedTicks(), reminder.sequence(), reminder.version()));
						// flush here, so a collision shows in this callback
						this.entityManager.flush();
					}
				});
				return;
			}
			catch (RuntimeException ex) {
				if (attempt >= 3 || !JpaStoreSupport.isConflict(ex)) {
					throw failure(reminder, "register", ex, "Nothing was registered; register it again");
				}
			}
		}
	}

	@Override
	public boolean cancel(String registry, String key, String name) {
		Objects.requireNonNull(registry, "registry must not be null");
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(name, "name must not be null");
		try {
			Integer deleted = this.writes
				.execute((status) -> this.entityManager.createQuery("delete from ActorRegistryReminder r where " + ROW)
					.setParameter("registry", registry)
					.setParameter("actorKey", key)
					.setParameter("name", name)
					.executeUpdate());
			return deleted != null && deleted > 0;
		}
		catch (RuntimeException ex) {
			throw failure(registry, key, name, "cancel", ex, "It is still registered; cancel it again");
		}
	}

	@Override
	public List<StoredReminder> list(String registry, String key) {
		Objects.requireNonNull(registry, "registry must not be null");
		Objects.requireNonNull(key, "key must not be null");
		return read(() -> this.entityManager
			.createQuery("select r from ActorRegistryReminder r where r.id.registry = :registry"
					+ " and r.id.actorKey = :actorKey order by r.id.name", ActorReminderEntity.class)
			.setParameter("registry", registry)
			.setParameter("actorKey", key)
			.getResultList()
			.stream()
			.map(ActorReminderEntity::toStoredReminder)
			.toList(), (ex) -> failure(registry, key, null, "list the reminders", ex, "List them again"));
	}

	@Override
	public List<StoredReminder> due(String registry, Instant now, int limit) {
		Objects.requireNonNull(registry, "registry must not be null");
		Objects.requireNonNull(now, "now must not be null");
		if (limit <= 0) {
			return List.of();
		}
		// rows keep microseconds: a row is due at now exactly when it is due at now
		// rounded down
		Instant at = now.truncatedTo(ChronoUnit.MICROS);
		return read(
				() -> this.entityManager
					.createQuery(
							"select r from ActorRegistryReminder r where r.id.registry = :registry and r.dueAt <= :now"
									+ " and (r.leaseUntil is null or r.leaseUntil <= :now)"
									+ " order by r.dueAt, r.id.actorKey, r.id.name",
							ActorReminderEntity.class)
					.setParameter("registry", registry)
					.setParameter("now", at)
					.setMaxResults(limit)
					.getResultList()
					.stream()
					.map(JpaReminderStore::readable)
					.flatMap(Optional::stream)
					.toList(),
				(ex) -> new ReminderStoreException(registry, null, "could not read the due reminders from the database",
						SCHEMA_HINT + "; the next poll reads them again", ex));
	}

	/**
	 * A due row, or none if this version cannot read it: one bad row must not keep every
	 * other reminder of the registry from firing.
	 */
	private static Optional<StoredReminder> readable(ActorReminderEntity row) {
		try {
			return Optional.of(row.toStoredReminder());
		}
		catch (ActorReminderEntity.Unreadable ex) {
			logger.warn("Registry '" + row.id().registry() + "', actor '"
					+ ActorRegistryException.keyText(row.id().actorKey()) + "': " + ex.getMessage()
					+ "; it is not fired until its row in actor_reminder is corrected or the "
					+ "reminder is cancelled");
			return Optional.empty();
		}
	}

	@Override
	public Optional<StoredReminder> claim(StoredReminder due, String owner, Instant leaseUntil) {
		Objects.requireNonNull(due, "due must not be null");
		Objects.requireNonNull(owner, "owner must not be null");
		Objects.requireNonNull(leaseUntil, "leaseUntil must not be null");
		if (owner.length() > ActorReminderEntity.MAX_OWNER_LENGTH) {
			throw new IllegalArgumentException("Registry '" + due.registry() + "': the lease owner '" + owner + "' is "
					+ owner.length() + " characters long; the JPA reminder store keeps owners of up to "
					+ ActorReminderEntity.MAX_OWNER_LENGTH);
		}
		Instant until = ceilToMicros(leaseUntil);
		return conditionally(due, "claim", () -> {
			int claimed = update("set r.leaseOwner = :owner, r.leaseUntil = :leaseUntil, r.version = r.version + 1"
					+ " where " + AS_READ, due)
				.setParameter("version", due.version())
				.setParameter("readDueAt", due.dueAt())
				.setParameter("readSequence", due.sequence())
				.setParameter("owner", owner)
				.setParameter("leaseUntil", until)
				.executeUpdate();
			if (claimed == 0) {
				return Optional.empty();
			}
			// what was claimed, as stored: the row is ours until this transaction ends
			ActorReminderEntity row = this.entityManager.find(ActorReminderEntity.class, idOf(due),
					CacheRetrieveMode.BYPASS, CacheStoreMode.BYPASS);
			return Optional
				.of(Objects.requireNonNull(row, "the claimed row vanished in its transaction").toStoredReminder());
		}, Optional.empty());
	}

	@Override
	public boolean advance(StoredReminder claimed, @Nullable Instant nextDueAt, long nextSequence) {
		String owner = requireClaimed(claimed, "advance");
		return conditionally(claimed, "advance", () -> {
			Query write = (nextDueAt == null)
					? this.entityManager.createQuery("delete from ActorRegistryReminder r where " + AS_CLAIMED)
						.setParameter("registry", claimed.registry())
						.setParameter("actorKey", claimed.key())
						.setParameter("name", claimed.name())
					: update("set r.dueAt = :dueAt, r.sequence = :sequence, r.leaseOwner = null,"
							+ " r.leaseUntil = null, r.version = r.version + 1 where " + AS_CLAIMED, claimed)
						.setParameter("dueAt", ceilToMicros(nextDueAt))
						.setParameter("sequence", nextSequence);
			return asClaimed(write, claimed, owner).executeUpdate() == 1;
		}, false);
	}

	@Override
	public boolean release(StoredReminder claimed, Instant retryAt) {
		Objects.requireNonNull(retryAt, "retryAt must not be null");
		String owner = requireClaimed(claimed, "release");
		return conditionally(claimed, "release", () -> {
			Query write = update("set r.leaseOwner = null, r.leaseUntil = :retryAt, r.version = r.version + 1"
					+ " where " + AS_CLAIMED, claimed)
				.setParameter("retryAt", ceilToMicros(retryAt));
			return asClaimed(write, claimed, owner).executeUpdate() == 1;
		}, false);
	}

	private Query update(String assignmentsAndCondition, StoredReminder row) {
		return this.entityManager.createQuery("update ActorRegistryReminder r " + assignmentsAndCondition)
			.setParameter("registry", row.registry())
			.setParameter("actorKey", row.key())
			.setParameter("name", row.name());
	}

	private static Query asClaimed(Query write, StoredReminder claimed, String owner) {
		return write.setParameter("version", claimed.version())
			.setParameter("readDueAt", claimed.dueAt())
			.setParameter("readSequence", claimed.sequence())
			.setParameter("readOwner", owner);
	}

	/**
	 * Run a conditional write; one that lost a race the database detected itself
	 * (stricter isolation than READ COMMITTED, say) changed nothing, like one whose
	 * condition failed.
	 */
	private <T> T conditionally(StoredReminder row, String action, Supplier<T> write, T lost) {
		try {
			T result = this.writes.execute((status) -> write.get());
			return Objects.requireNonNull(result);
		}
		catch (RuntimeException ex) {
			if (isLostRace(ex)) {
				return lost;
			}
			throw failure(row, action, ex, "Its tick is fired again once its lease runs out");
		}
	}

	private <T> T read(Supplier<T> query, Function<RuntimeException, ReminderStoreException> failure) {
		try {
			return Objects.requireNonNull(this.reads.execute((status) -> query.get()));
		}
		catch (RuntimeException ex) {
			throw failure.apply(ex);
		}
	}

	/**
	 * Whether a failure says that another transaction changed the row first: a
	 * serialization failure or deadlock (SQLSTATE 40001, 40P01), H2's concurrent update
	 * (90131), or an optimistic lock. A lock timeout is not: the other transaction may
	 * still fail, and the caller should hear that the store is slow.
	 */
	static boolean isLostRace(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof OptimisticLockException || cause instanceof OptimisticLockingFailureException) {
				return true;
			}
			if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState())
					|| "40P01".equals(sql.getSQLState()) || sql.getErrorCode() == 90131)) {
				return true;
			}
		}
		return false;
	}

	private static String requireClaimed(StoredReminder claimed, String action) {
		Objects.requireNonNull(claimed, "claimed must not be null");
		String owner = claimed.leaseOwner();
		if (owner == null) {
			throw new IllegalArgumentException("Registry '" + claimed.registry() + "': cannot " + action + " reminder '"
					+ claimed.name() + "' of actor '" + claimed.key() + "': it has no lease owner, so it"
					+ " is not a row that claim returned");
		}
		return owner;
	}

	/** Check what the table could not take; returns the period in milliseconds. */
	private static @Nullable Long requireStorable(StoredReminder reminder) {
		String problem = null;
		if (reminder.registry().length() > JpaStoreSupport.MAX_REGISTRY_LENGTH) {
			problem = "the registry's name is " + reminder.registry().length() + " characters long; the JPA reminder "
					+ "store keeps names of up to " + JpaStoreSupport.MAX_REGISTRY_LENGTH + ". Give the registry a "
					+ "shorter name.";
		}
		else if (reminder.key().length() > JpaStoreSupport.MAX_KEY_LENGTH) {
			problem = "the key is " + reminder.key().length() + " characters long as text; the JPA reminder store "
					+ "keeps keys of up to " + JpaStoreSupport.MAX_KEY_LENGTH + ". Use shorter keys for actors with "
					+ "reminders.";
		}
		else if (reminder.name().length() > Reminder.MAX_NAME_LENGTH) {
			problem = "the name is " + reminder.name().length() + " characters long; reminders have names of up to "
					+ Reminder.MAX_NAME_LENGTH + ".";
		}
		Duration period = reminder.period();
		if (problem == null && period != null && period.toNanos() % 1_000_000 != 0) {
			problem = "its period is " + period + "; the JPA reminder store keeps periods in whole milliseconds. "
					+ "Give it a period of whole milliseconds.";
		}
		if (problem != null) {
			throw new IllegalArgumentException(
					"Registry '" + reminder.registry() + "', actor '" + ActorRegistryException.keyText(reminder.key())
							+ "': cannot register reminder '" + reminder.name() + "': " + problem);
		}
		return (period != null) ? period.toMillis() : null;
	}

	private static ActorReminderId idOf(StoredReminder reminder) {
		return new ActorReminderId(reminder.registry(), reminder.key(), reminder.name());
	}

	private static ReminderStoreException failure(StoredReminder reminder, String action, RuntimeException ex,
			String whatNext) {
		return failure(reminder.registry(), reminder.key(), reminder.name(), action, ex, whatNext);
	}

	private static ReminderStoreException failure(String registry, String key, @Nullable String name, String action,
			RuntimeException ex, String whatNext) {
		if (ex instanceof ReminderStoreException failure) {
			return failure;
		}
		if (ex instanceof ActorReminderEntity.Unreadable unreadable) {
			// not the database's fault: say which row to correct
			return new ReminderStoreException(registry, key, "could not " + action + ": " + unreadable.getMessage(),
					"Correct its row in actor_reminder or cancel the reminder", ex);
		}
		String what = (name != null) ? action + " reminder '" + name + "'" : action;
		return new ReminderStoreException(registry, key, "could not " + what + " in the database",
				SCHEMA_HINT + ". " + whatNext, ex);
	}

	/** Up to the next microsecond, the most a database keeps. */
	private static Instant ceilToMicros(Instant instant) {
		Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
		return truncated.equals(instant) ? instant : truncated.plus(1, ChronoUnit.MICROS);
	}

}
