package dev.actorregistry.spring.jpa;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.CacheStoreMode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.persistence.AppliedInvocation;
import dev.actorregistry.persistence.DurableChanges;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StaleRevisionException;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;

/**
 * A {@link StateStore} in the application's database, through its JPA
 * {@link EntityManagerFactory}: the latest state of each actor in {@code actor_state},
 * keyed by registry name and actor key (as {@link String#valueOf(Object) text}), and its
 * last revisions in {@code actor_state_history}.
 * <p>
 * The revision is the row's JPA version. A first save inserts revision 1, and an insert
 * that collides with a row another writer inserted fails as a
 * {@link StaleRevisionException}; a later save updates the row only if it is still at the
 * expected revision, so of two activations of one key that race, one wins and the other
 * is fenced off. Without history, each save is that one statement, with no read before
 * it: the activation knows the revision it holds. The store's operations run in
 * transactions of their own, apart from any transaction of the caller, so a store failure
 * never marks the application's transaction for rollback.
 * <p>
 * Saves of different actors that are due at the same moment share a transaction (group
 * commit across actors): while two transactions of saves run, the saves that arrive
 * queue, and the next transaction commits them together, up to 64, each row still fenced
 * by its own revision. Under load a commit, which waits for the database's log to reach
 * the disk, is paid once for many saves, and the conditional updates of a transaction go
 * to the database as one JDBC batch on the table {@code actor_state}, without waiting for
 * each one's answer; an idle store commits a save at once, alone. A save that its batch
 * could not apply, or whose batch failed, is run again alone, so it keeps its own
 * outcome. A first save, an insert, always runs alone. A commit whose outcome is lost
 * with the connection is reported as a failure; if the database did commit it, the
 * activation's next save is refused as stale and the activation stops, which is safe: the
 * row holds its own last state.
 * <p>
 * The store keeps the latest revision and, with a history of {@code n}, the last
 * {@code n} revisions (the latest included), for {@link #loadRevision} and
 * {@link #revisions}; each save then also inserts its revision into
 * {@code actor_state_history} and deletes the one that falls out, by primary key.
 * <p>
 * It keeps durable sends: a save with {@link DurableChanges} inserts the actor's new
 * sends into {@code actor_outbox} and its new inbox records into {@code actor_inbox} in
 * the transaction of its state, after the state's row was found at its revision; such a
 * save runs alone, never in a batch. With a cipher, the arguments of each send and the
 * text of each refusal are encrypted as the states are: they may hold personal data too.
 * <p>
 * Its entities must be part of the persistence unit: auto-configuration adds their
 * package to Boot's entity scanning, but an application that names its entity packages
 * with {@code @EntityScan} must add this class's package to them.
 */
public class JpaStateStore implements StateStore {

	/**
	 * The size of the state column in tables that Hibernate creates, as it does on an
	 * embedded database by default: without it, Hibernate would make it 255 bytes. 1 MiB
	 * is the largest binary column Hibernate gives H2 before it turns to a BLOB, which
	 * the scripts' tables would not validate against; other databases get their large
	 * binary type. The scripts' tables take up to 1 GB.
	 */
	static final int MAX_STATE_LENGTH = 1_048_576;

	/** Without a final period: the registry's own exceptions go on after it. */
	private static final String SCHEMA_HINT = "Check that the database is reachable and that the tables actor_state, "
			+ "actor_state_history, actor_outbox and actor_inbox exist (actors.persistence.initialize-schema creates "
			+ "them from the scripts in the jar)";

	/**
	 * The most saves one transaction commits: enough to share a commit among the turns of
	 * a large pool, small enough to keep the transaction short.
	 */
	private static final int MAX_BATCH = 64;

	/**
	 * The most batches of saves that run at once: two, so that one batch's statements run
	 * while another's commit waits for the database's log.
	 */
	static final int CONCURRENT_BATCHES = 2;

	/** How long a save waits for the transaction of the saves due with it. */
	private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);

	private static final String UPDATE_IF_AT = "UPDATE actor_state SET revision = ?, state = ?, state_type = ?,"
			+ " key_id = ?, updated_at = ? WHERE registry = ? AND actor_key = ? AND revision = ? AND updated_at < ?";

	private final EntityManager entityManager;

	private final TransactionTemplate reads;

	private final TransactionTemplate writes;

	private final int history;

	private final StateCipher cipher;

	private final Clock clock;

	private final DurableSendTables durableSends;

	private final StoreBatches<Save, Boolean> saves = new StoreBatches<>(this::commitBatch, Save.ROW_ORDER, MAX_BATCH,
			CONCURRENT_BATCHES, BATCH_TIMEOUT);

	/**
	 * Create a store timed by the system clock.
	 * @param entityManagerFactory the persistence unit that includes this package's
	 * entities
	 * @param transactionManager a transaction manager for that persistence unit
	 * @param history how many revisions of each key to keep in the history table, the
	 * latest included; zero for none
	 * @param cipher encrypts states at rest, or stores them in plain
	 * @throws IllegalStateException if the persistence unit does not include this
	 * package's entities
	 */
	public JpaStateStore(EntityManagerFactory entityManagerFactory, PlatformTransactionManager transactionManager,
			int history, StateCipher cipher) {
		this(entityManagerFactory, transactionManager, history, cipher, Clock.systemUTC());
	}

	/**
	 * Create a store.
	 * @param entityManagerFactory the persistence unit that includes this package's
	 * entities
	 * @param transactionManager a transaction manager for that persistence unit
	 * @param history how many revisions of each key to keep in the history table, the
	 * latest included; zero for none
	 * @param cipher encrypts states at rest, or stores them in plain
	 * @param clock stamps each save
	 * @throws IllegalStateException if the persistence unit does not include this
	 * package's entities
	 */
	public JpaStateStore(EntityManagerFactory entityManagerFactory, PlatformTransactionManager transactionManager,
			int history, StateCipher cipher, Clock clock) {
		Objects.requireNonNull(entityManagerFactory, "entityManagerFactory must not be null");
		Objects.requireNonNull(transactionManager, "transactionManager must not be null");
		if (history < 0) {
			throw new IllegalArgumentException("history must be zero or positive, but was " + history);
		}
		PersistenceUnitCheck.requireEntities(entityManagerFactory, JpaStateStore.class, "actor state entities",
				"persist no actor state", ActorStateEntity.class, ActorStateRevisionEntity.class,
				ActorOutboxEntity.class, ActorInboxEntity.class);
		this.entityManager = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory);
		this.reads = JpaStoreSupport.transactions(transactionManager, true);
		this.writes = JpaStoreSupport.transactions(transactionManager, false);
		this.history = history;
		this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.durableSends = new DurableSendTables(this.entityManager, cipher);
	}

	@Override
	public int maxKeyLength() {
		return JpaStoreSupport.MAX_KEY_LENGTH;
	}

	@Override
	public Optional<StoredState> load(String registry, String key) {
		String actorKey = checked(registry, key);
		Row row = read(registry, key, "load the state", () -> {
			ActorStateEntity entity = find(registry, actorKey);
			return (entity != null) ? Row.of(entity) : null;
		});
		return Optional.ofNullable(row).map((found) -> found.open(this.cipher, registry, actorKey));
	}

	@Override
	public long save(String registry, String key, SerializedState state, long expectedRevision) {
		return store(prepare(registry, key, state, expectedRevision), null);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * With changes, the save runs alone, in a transaction of its own: the state's row
	 * first, so that a stale revision stores nothing, then the outbox and inbox rows,
	 * each table's as one JDBC batch. Without, it is
	 * {@link #save(String, String, SerializedState, long)}.
	 * @throws IllegalArgumentException if a send names a registry, key, contract,
	 * operation or id longer than the tables take; then nothing is stored
	 */
	@Override
	public long save(String registry, String key, SerializedState state, long expectedRevision,
			DurableChanges changes) {
		Objects.requireNonNull(changes, "changes must not be null");
		if (changes.isEmpty()) {
			return save(registry, key, state, expectedRevision);
		}
		Save save = prepare(registry, key, state, expectedRevision);
		return store(save, this.durableSends.rows(registry, save.actorKey(), changes));
	}

	/** A save, its arguments checked and its state sealed, before any transaction. */
	private Save prepare(String registry, String key, SerializedState state, long expectedRevision) {
		Objects.requireNonNull(state, "state must not be null");
		if (expectedRevision < 0) {
			throw new IllegalArgumentException("Registry '" + registry + "': the expected revision of actor '"
					+ ActorRegistryException.keyText(key) + "' must be zero or positive, but was " + expectedRevision);
		}
		String actorKey = checked(registry, key);
		return new Save(registry, actorKey, state.type(), this.cipher.encrypt(registry, actorKey, state.data()), now(),
				expectedRevision);
	}

	/**
	 * Store a save: in a batch with the saves of other actors due with it, when it can
	 * join one, else alone, with its durable sends if it has any.
	 * @return the new revision
	 */
	private long store(Save save, DurableSendTables.@Nullable Rows durable) {
		long revision = save.expectedRevision() + 1;
		try {
			if (durable == null && save.expectedRevision() > 0 && committedInBatch(save)) {
				return revision;
			}
			this.writes.executeWithoutResult((status) -> {
				commitAlone(save);
				if (durable != null) {
					this.durableSends.insert(durable, revision);
				}
			});
			return revision;
		}
		catch (StaleRevisionException | StateStoreException ex) {
			// a durable send's row that collides is no stale revision: the state's row
			// was at its revision
			throw ex;
		}
		catch (RuntimeException ex) {
			// this includes failures at commit, where a constraint may fail too
			if (JpaStoreSupport.isConflict(ex)) {
				throw new StaleRevisionException(save.registry(), save.actorKey(), save.expectedRevision(), ex);
			}
			throw failure(save.registry(), save.actorKey(), "save the state (revision " + revision + ")", ex);
		}
	}

	/**
	 * Commit a save in a batch with the saves of other actors due with it.
	 * @return whether the batch applied it; if not, it must run alone
	 */
	private boolean committedInBatch(Save save) {
		try {
			return this.saves.run(save) != null;
		}
		catch (StoreBatches.BatchTimeoutException ex) {
			throw new StateStoreException(save.registry(), save.actorKey(),
					"could not save the state (revision " + (save.expectedRevision() + 1) + "): it waited longer than "
							+ BATCH_TIMEOUT.toSeconds() + "s for the transaction of the saves due with it, and "
							+ (ex.notTaken() ? "was not saved"
									: "whether it was saved is unknown: if it was, the actor's next save is refused as"
											+ " stale"),
					"Check the database's health: a transaction may be waiting for a lock another session holds", null);
		}
	}

	/**
	 * Commit the saves of a batch in the current transaction: each one conditional
	 * update, with its history when kept.
	 * @return which of the saves changed their row
	 */
	private List<@Nullable Boolean> commitBatch(List<Save> batch) {
		List<@Nullable Boolean> applied = new ArrayList<>(batch.size());
		this.writes.executeWithoutResult((status) -> {
			if (batch.size() > 1) {
				for (boolean changed : updateAllIfAt(batch)) {
					applied.add(changed ? Boolean.TRUE : null);
				}
			}
			else {
				for (Save save : batch) {
					applied.add((updateIfAt(save) == 1) ? Boolean.TRUE : null);
				}
			}
			for (int i = 0; i < batch.size(); i++) {
				if (applied.get(i) != null) {
					keepHistory(batch.get(i), batch.get(i).now());
				}
			}
		});
		return applied;
	}

	/**
	 * The conditional updates of a batch as one JDBC batch: the driver sends them
	 * together rather than waiting for each one's answer before the next.
	 */
	private boolean[] updateAllIfAt(List<Save> saves) {
		return this.entityManager.unwrap(Session.class).doReturningWork((connection) -> {
			try (PreparedStatement update = connection.prepareStatement(UPDATE_IF_AT)) {
				for (Save save : saves) {
					OffsetDateTime now = save.now().atOffset(ZoneOffset.UTC);
					update.setLong(1, save.expectedRevision() + 1);
					update.setBytes(2, save.sealed().data());
					update.setString(3, save.type());
					update.setString(4, save.sealed().keyId());
					update.setObject(5, now);
					update.setString(6, save.registry());
					update.setString(7, save.actorKey());
					update.setLong(8, save.expectedRevision());
					update.setObject(9, now);
					update.addBatch();
				}
				int[] counts = update.executeBatch();
				boolean[] applied = new boolean[saves.size()];
				for (int i = 0; i < counts.length; i++) {
					if (counts[i] != 0 && counts[i] != 1) {
						// a driver that does not count the rows of each statement: the
						// batch cannot tell which saves it applied, so it commits none
						throw new IllegalStateException(
								"The JDBC driver reported " + counts[i] + " as the row count of a conditional update");
					}
					applied[i] = counts[i] == 1;
				}
				return applied;
			}
		});
	}

	/** Commit a save in the current transaction, as the only one. */
	private void commitAlone(Save save) {
		Instant savedAt = (save.expectedRevision() == 0) ? insert(save) : update(save);
		keepHistory(save, savedAt);
	}

	/**
	 * A first save: one insert, without a read before it. A row already there, or one
	 * another writer inserts meanwhile, makes it collide, which the caller reports as
	 * stale.
	 */
	private Instant insert(Save save) {
		this.entityManager.persist(new ActorStateEntity(new ActorStateId(save.registry(), save.actorKey()), save.type(),
				save.sealed(), save.now()));
		// flush here, so a collision shows in this transaction's callback
		this.entityManager.flush();
		return save.now();
	}

	/**
	 * A later save: one conditional update, without a read before it, that changes the
	 * row only if it is still at the expected revision and was saved before now. Only if
	 * it changes nothing does the store read the row, to tell a stale revision from a
	 * clock that is behind the row's time.
	 * @return when the state was saved
	 */
	private Instant update(Save save) {
		if (updateIfAt(save) == 1) {
			return save.now();
		}
		ActorStateEntity entity = find(save.registry(), save.actorKey());
		if (entity == null || entity.revision() != save.expectedRevision()) {
			throw new StaleRevisionException(save.registry(), save.actorKey(), save.expectedRevision(), null);
		}
		// this clock is behind the row's, another instance's say: still later than
		// the revision it replaces, so revisions keep their order in time; the
		// version check of this update fences off a writer that got there meanwhile
		Instant later = entity.updatedAt().plus(1, ChronoUnit.MICROS);
		entity.update(save.type(), save.sealed(), later);
		this.entityManager.flush();
		return later;
	}

	/**
	 * The conditional update: it changes the row only if the row is still at the expected
	 * revision and was saved before now.
	 * @return the rows it changed, one or none
	 */
	private int updateIfAt(Save save) {
		return this.entityManager
			.createQuery("update ActorRegistryState s set s.revision = :next, s.state = :state, s.stateType = :type,"
					+ " s.keyId = :keyId, s.updatedAt = :now"
					+ " where s.id = :id and s.revision = :expected and s.updatedAt < :now")
			.setParameter("next", save.expectedRevision() + 1)
			.setParameter("state", save.sealed().data())
			.setParameter("type", save.type())
			.setParameter("keyId", save.sealed().keyId())
			.setParameter("now", save.now())
			.setParameter("id", new ActorStateId(save.registry(), save.actorKey()))
			.setParameter("expected", save.expectedRevision())
			.executeUpdate();
	}

	/**
	 * Write the saved revision into the history and drop what falls out of it: on the
	 * primary key, the rows of the key up to the oldest one no longer kept, which is one
	 * row unless the setting was larger before. A first save drops every row of the key
	 * instead: rows left from a state deleted outside the store would collide with the
	 * new revisions.
	 */
	private void keepHistory(Save save, Instant savedAt) {
		if (this.history == 0) {
			return;
		}
		long revision = save.expectedRevision() + 1;
		String prune = "delete from ActorRegistryStateRevision r where r.registry = :registry"
				+ " and r.actorKey = :actorKey";
		if (revision == 1) {
			this.entityManager.createQuery(prune)
				.setParameter("registry", save.registry())
				.setParameter("actorKey", save.actorKey())
				.executeUpdate();
		}
		else if (revision > this.history) {
			this.entityManager.createQuery(prune + " and r.revision <= :dropped")
				.setParameter("registry", save.registry())
				.setParameter("actorKey", save.actorKey())
				.setParameter("dropped", revision - this.history)
				.executeUpdate();
		}
		this.entityManager.persist(new ActorStateRevisionEntity(save.registry(), save.actorKey(), revision, save.type(),
				save.sealed(), savedAt));
		this.entityManager.flush();
	}

	/** The saves waiting for a batch, for tests. */
	int queuedSaves() {
		return this.saves.queued();
	}

	@Override
	public boolean keepsDurableSends() {
		return true;
	}

	@Override
	public List<AppliedInvocation> inbox(String registry, String key) {
		String actorKey = checked(registry, key);
		List<ActorInboxEntity> rows = read(registry, key, "load the inbox of durable sends",
				() -> this.durableSends.inbox(registry, actorKey));
		return Objects.requireNonNull(rows)
			.stream()
			.map((row) -> this.durableSends.open(registry, actorKey, row))
			.toList();
	}

	@Override
	public List<DurableSend> outbox(String registry, int limit) {
		Objects.requireNonNull(registry, "registry must not be null");
		if (limit < 0) {
			throw new IllegalArgumentException("Registry '" + registry
					+ "': the most durable sends to read must be zero or more, but was " + limit);
		}
		if (limit == 0) {
			return List.of();
		}
		List<ActorOutboxEntity> rows;
		try {
			rows = this.reads.execute((status) -> this.durableSends.outbox(registry, limit));
		}
		catch (RuntimeException ex) {
			throw new StateStoreException(registry, null, "could not read the outbox of durable sends in the database",
					SCHEMA_HINT, ex);
		}
		return Objects.requireNonNull(rows).stream().map(this.durableSends::open).toList();
	}

	@Override
	public List<DurableSend> outbox(String registry, String key) {
		if (key.length() > JpaStoreSupport.MAX_KEY_LENGTH) {
			// nothing is ever stored under a key this store cannot keep
			return List.of();
		}
		String actorKey = checked(registry, key);
		List<ActorOutboxEntity> rows = read(registry, key, "read the outbox of durable sends",
				() -> this.durableSends.outbox(registry, actorKey));
		return Objects.requireNonNull(rows).stream().map(this.durableSends::open).toList();
	}

	@Override
	public boolean delivered(DurableSend send) {
		Objects.requireNonNull(send, "send must not be null");
		try {
			return Boolean.TRUE.equals(this.writes.execute((status) -> this.durableSends.delivered(send)));
		}
		catch (RuntimeException ex) {
			throw failure(send.senderRegistry(), send.senderKey(), "drop the delivered durable send " + send.id()
					+ " to " + send.receiverRegistry() + "/" + ActorRegistryException.keyText(send.receiverKey()), ex);
		}
	}

	@Override
	public boolean delete(String registry, String key) {
		String actorKey = checked(registry, key);
		try {
			Boolean deleted = this.writes.execute((status) -> {
				this.entityManager
					.createQuery("delete from ActorRegistryStateRevision r where r.registry = :registry"
							+ " and r.actorKey = :actorKey")
					.setParameter("registry", registry)
					.setParameter("actorKey", actorKey)
					.executeUpdate();
				boolean existed = this.entityManager.createQuery("delete from ActorRegistryState s where s.id = :id")
					.setParameter("id", new ActorStateId(registry, actorKey))
					.executeUpdate() > 0;
				this.durableSends.deleteInbox(registry, actorKey);
				return existed;
			});
			return Boolean.TRUE.equals(deleted);
		}
		catch (RuntimeException ex) {
			throw failure(registry, key, "delete the state", ex);
		}
	}

	@Override
	public Optional<StoredState> loadRevision(String registry, String key, long revision) {
		String actorKey = checked(registry, key);
		Row row = read(registry, key, "load revision " + revision + " of the state", () -> {
			List<ActorStateRevisionEntity> kept = this.entityManager
				.createQuery(
						"select r from ActorRegistryStateRevision r where r.registry = :registry"
								+ " and r.actorKey = :actorKey and r.revision = :revision",
						ActorStateRevisionEntity.class)
				.setParameter("registry", registry)
				.setParameter("actorKey", actorKey)
				.setParameter("revision", revision)
				.getResultList();
			if (!kept.isEmpty()) {
				return Row.of(kept.get(0));
			}
			ActorStateEntity latest = find(registry, actorKey);
			return (latest != null && latest.revision() == revision) ? Row.of(latest) : null;
		});
		return Optional.ofNullable(row).map((found) -> found.open(this.cipher, registry, actorKey));
	}

	@Override
	public List<StoredState> revisions(String registry, String key, Instant from, Instant to) {
		Objects.requireNonNull(from, "from must not be null");
		Objects.requireNonNull(to, "to must not be null");
		String actorKey = checked(registry, key);
		List<Row> rows = read(registry, key, "list the revisions of the state", () -> {
			List<Row> found = new ArrayList<>();
			this.entityManager
				.createQuery("select r from ActorRegistryStateRevision r where r.registry = :registry"
						+ " and r.actorKey = :actorKey and r.savedAt >= :from and r.savedAt < :to"
						+ " order by r.revision", ActorStateRevisionEntity.class)
				.setParameter("registry", registry)
				.setParameter("actorKey", actorKey)
				.setParameter("from", from)
				.setParameter("to", to)
				.getResultList()
				.forEach((revision) -> found.add(Row.of(revision)));
			// without history the latest revision is kept all the same, in actor_state
			ActorStateEntity latest = find(registry, actorKey);
			if (latest != null && !latest.updatedAt().isBefore(from) && latest.updatedAt().isBefore(to)
					&& (found.isEmpty() || found.get(found.size() - 1).revision() < latest.revision())) {
				found.add(Row.of(latest));
			}
			return found;
		});
		return Objects.requireNonNull(rows).stream().map((row) -> row.open(this.cipher, registry, actorKey)).toList();
	}

	private @Nullable ActorStateEntity find(String registry, String actorKey) {
		return this.entityManager.find(ActorStateEntity.class, new ActorStateId(registry, actorKey),
				CacheRetrieveMode.BYPASS, CacheStoreMode.BYPASS);
	}

	private <T> T read(String registry, String key, String action, Supplier<T> query) {
		try {
			return this.reads.execute((status) -> query.get());
		}
		catch (RuntimeException ex) {
			throw failure(registry, key, action, ex);
		}
	}

	private StateStoreException failure(String registry, String key, String action, RuntimeException ex) {
		if (ex instanceof StateStoreException failure) {
			return failure;
		}
		return new StateStoreException(registry, key, "could not " + action + " in the database", SCHEMA_HINT, ex);
	}

	/** The key as given, once its registry and it are known to fit the columns. */
	private String checked(String registry, String key) {
		Objects.requireNonNull(registry, "registry must not be null");
		Objects.requireNonNull(key, () -> "Registry '" + registry + "': the key must not be null");
		if (registry.length() > JpaStoreSupport.MAX_REGISTRY_LENGTH) {
			throw new IllegalArgumentException("Registry '" + registry + "': the name is " + registry.length()
					+ " characters long; the JPA state store keeps names of up to "
					+ JpaStoreSupport.MAX_REGISTRY_LENGTH + ". Give the registry a shorter name.");
		}
		if (key.length() > JpaStoreSupport.MAX_KEY_LENGTH) {
			throw new IllegalArgumentException(
					"Registry '" + registry + "', actor '" + ActorRegistryException.keyText(key) + "': the key is "
							+ key.length() + " characters long as text; the JPA state store keeps keys of up to "
							+ JpaStoreSupport.MAX_KEY_LENGTH + ". Use shorter keys for persistent actors.");
		}
		return key;
	}

	/**
	 * Now, to the microsecond that databases keep, so what is read equals what was
	 * written.
	 */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** A save, its state sealed and its time taken, for a batch or alone. */
	private record Save(String registry, String actorKey, String type, StateCipher.Sealed sealed, Instant now,
			long expectedRevision) {

		/** The order of the rows a batch locks. */
		static final Comparator<Save> ROW_ORDER = Comparator.comparing(Save::registry).thenComparing(Save::actorKey);

	}

	/**
	 * A row as read in a transaction, to decrypt after it: a key that is not configured
	 * is not a database failure.
	 */
	private record Row(long revision, byte[] data, String type, @Nullable String keyId, Instant savedAt) {

		static Row of(ActorStateEntity entity) {
			return new Row(entity.revision(), entity.state(), entity.stateType(), entity.keyId(), entity.updatedAt());
		}

		static Row of(ActorStateRevisionEntity entity) {
			return new Row(entity.revision(), entity.state(), entity.stateType(), entity.keyId(), entity.savedAt());
		}

		StoredState open(StateCipher cipher, String registry, String actorKey) {
			byte[] plain = cipher.decrypt(registry, actorKey, this.keyId, this.data);
			return new StoredState(new SerializedState(this.type, plain), this.revision, this.savedAt);
		}

	}

}
