package dev.actorregistry.spring.jpa;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.persistence.AppliedInvocation;
import dev.actorregistry.persistence.DurableChanges;
import dev.actorregistry.persistence.DurableSend;

/**
 * The durable sends of the JPA state store: each actor's outbox in {@code actor_outbox}
 * and its inbox in {@code actor_inbox}. It runs its statements in the transaction the
 * store opened, and seals and opens rows with the store's cipher outside it.
 * <p>
 * A save's rows are inserted as plain JDBC batches on the transaction's connection: a
 * save that sends several invocations pays one round trip per table, not one per row, and
 * no entity enters the persistence context. Reads and deletes go through the entities,
 * which exist so that Hibernate validates (or creates) the tables with the others.
 */
final class DurableSendTables {

	private static final String INSERT_SEND = "INSERT INTO actor_outbox (id, sender_registry, sender_key,"
			+ " receiver_registry, receiver_key, invocation_id, invocation_registry, invocation_key, contract,"
			+ " operation, arguments, refusal, key_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String INSERT_APPLIED = "INSERT INTO actor_inbox (registry, actor_key, send_id, refusal,"
			+ " key_id, applied_at) VALUES (?, ?, ?, ?, ?, ?)";

	private final EntityManager entityManager;

	private final StateCipher cipher;

	DurableSendTables(EntityManager entityManager, StateCipher cipher) {
		this.entityManager = entityManager;
		this.cipher = cipher;
	}

	/**
	 * The rows of a save's changes, sealed, before its transaction starts.
	 * @param registry the saving actor's registry
	 * @param actorKey the saving actor's key
	 * @param changes the changes
	 * @return the rows
	 * @throws IllegalArgumentException if a send has a name or key longer than the
	 * columns take
	 */
	Rows rows(String registry, String actorKey, DurableChanges changes) {
		List<SendRow> sends = changes.sent().stream().map((send) -> sendRow(registry, actorKey, send)).toList();
		List<AppliedRow> applied = changes.applied()
			.stream()
			.map((record) -> appliedRow(registry, actorKey, record))
			.toList();
		return new Rows(registry, actorKey, sends, applied);
	}

	private SendRow sendRow(String registry, String actorKey, DurableSend send) {
		Invocation invocation = send.invocation();
		fits(registry, actorKey, send, "id", send.id(), JpaStoreSupport.MAX_SEND_ID_LENGTH);
		fits(registry, actorKey, send, "invocation id", invocation.id(), JpaStoreSupport.MAX_SEND_ID_LENGTH);
		fits(registry, actorKey, send, "sender's registry", send.senderRegistry(), JpaStoreSupport.MAX_REGISTRY_LENGTH);
		fits(registry, actorKey, send, "receiver's registry", send.receiverRegistry(),
				JpaStoreSupport.MAX_REGISTRY_LENGTH);
		fits(registry, actorKey, send, "invocation's registry", invocation.registry(),
				JpaStoreSupport.MAX_REGISTRY_LENGTH);
		fits(registry, actorKey, send, "sender's key", send.senderKey(), JpaStoreSupport.MAX_KEY_LENGTH);
		fits(registry, actorKey, send, "receiver's key", send.receiverKey(), JpaStoreSupport.MAX_KEY_LENGTH);
		fits(registry, actorKey, send, "invocation's key", invocation.key(), JpaStoreSupport.MAX_KEY_LENGTH);
		fits(registry, actorKey, send, "contract", invocation.contract(), JpaStoreSupport.MAX_CONTRACT_LENGTH);
		fits(registry, actorKey, send, "operation", invocation.operation(), JpaStoreSupport.MAX_OPERATION_LENGTH);
		StateCipher.Sealed arguments = this.cipher.encryptArguments(invocation);
		String refusal = (send.refusal() != null)
				? this.cipher.encryptRefusal(send.senderRegistry(), send.senderKey(), send.id(), send.refusal()).text()
				: null;
		return new SendRow(send, arguments, refusal, micros(send.sentAt()));
	}

	private AppliedRow appliedRow(String registry, String actorKey, AppliedInvocation applied) {
		if (applied.id().length() > JpaStoreSupport.MAX_SEND_ID_LENGTH) {
			throw new IllegalArgumentException("Registry '" + registry + "', actor '"
					+ ActorRegistryException.keyText(actorKey) + "': the id of the durable send it applied is "
					+ applied.id().length() + " characters long; the JPA state store keeps ids of up to "
					+ JpaStoreSupport.MAX_SEND_ID_LENGTH + ". Give durable sends shorter ids.");
		}
		StateCipher.SealedText refusal = (applied.refusal() != null)
				? this.cipher.encryptRefusal(registry, actorKey, applied.id(), applied.refusal()) : null;
		return new AppliedRow(applied.id(), (refusal != null) ? refusal.text() : null,
				(refusal != null) ? refusal.keyId() : null, micros(applied.appliedAt()));
	}

	private static void fits(String registry, String actorKey, DurableSend send, String what, String value,
			int maxLength) {
		if (value.length() > maxLength) {
			throw new IllegalArgumentException("Registry '" + registry + "', actor '"
					+ ActorRegistryException.keyText(actorKey) + "': the " + what + " of its durable send to "
					+ send.receiverRegistry() + "/" + ActorRegistryException.keyText(send.receiverKey()) + " is "
					+ value.length() + " characters long as text; the JPA state store keeps up to " + maxLength
					+ ". Send durably to shorter keys and names.");
		}
	}

	/**
	 * Insert a save's rows, in the current transaction.
	 * @param rows the rows
	 * @param revision the revision saved with them, for messages
	 * @throws StateStoreException if the database refused them: a failure, or an id
	 * stored already, never a stale revision
	 */
	void insert(Rows rows, long revision) {
		try {
			this.entityManager.unwrap(Session.class).doWork((connection) -> {
				if (!rows.sends().isEmpty()) {
					try (PreparedStatement insert = connection.prepareStatement(INSERT_SEND)) {
						for (SendRow row : rows.sends()) {
							row.bind(insert);
							insert.addBatch();
						}
						insert.executeBatch();
					}
				}
				if (!rows.applied().isEmpty()) {
					try (PreparedStatement insert = connection.prepareStatement(INSERT_APPLIED)) {
						for (AppliedRow row : rows.applied()) {
							row.bind(rows.registry(), rows.actorKey(), insert);
							insert.addBatch();
						}
						insert.executeBatch();
					}
				}
			});
		}
		catch (RuntimeException ex) {
			// not stale: the state's row was at its revision, so these rows are what
			// failed
			throw new StateStoreException(rows.registry(), rows.actorKey(),
					"could not save the state (revision " + revision + ") with its " + rows.sends().size()
							+ " durable sends and " + rows.applied().size() + " inbox records in the database",
					"Check that the database is reachable and that the tables actor_outbox and actor_inbox exist "
							+ "(actors.persistence.initialize-schema creates them); a send or record whose id is "
							+ "stored already is refused",
					ex);
		}
	}

	/**
	 * The inbox rows of an actor, in the current transaction.
	 * @param registry the actor's registry
	 * @param actorKey the actor's key
	 * @return the rows, sealed
	 */
	List<ActorInboxEntity> inbox(String registry, String actorKey) {
		return this.entityManager
			.createQuery("select i from ActorRegistryInbox i where i.registry = :registry and i.actorKey = :actorKey",
					ActorInboxEntity.class)
			.setParameter("registry", registry)
			.setParameter("actorKey", actorKey)
			.getResultList();
	}

	/**
	 * An inbox row as the store's caller sees it, opened after its transaction.
	 * @param registry the actor's registry
	 * @param actorKey the actor's key
	 * @param row the row
	 * @return the record
	 */
	AppliedInvocation open(String registry, String actorKey, ActorInboxEntity row) {
		String refusal = (row.refusal() != null)
				? this.cipher.decryptRefusal(registry, actorKey, row.sendId(), row.keyId(), row.refusal()) : null;
		return new AppliedInvocation(row.sendId(), refusal, row.appliedAt());
	}

	/**
	 * The outbox rows of a registry's actors, oldest first, in the current transaction.
	 * @param registry the senders' registry
	 * @param limit the most to read
	 * @return the rows, sealed
	 */
	List<ActorOutboxEntity> outbox(String registry, int limit) {
		return this.entityManager
			.createQuery("select o from ActorRegistryOutbox o where o.senderRegistry = :registry"
					+ " order by o.sentAt, o.id", ActorOutboxEntity.class)
			.setParameter("registry", registry)
			.setMaxResults(limit)
			.getResultList();
	}

	/**
	 * The outbox rows of an actor, oldest first, in the current transaction.
	 * @param registry the sender's registry
	 * @param actorKey the sender's key
	 * @return the rows, sealed
	 */
	List<ActorOutboxEntity> outbox(String registry, String actorKey) {
		return this.entityManager
			.createQuery("select o from ActorRegistryOutbox o where o.senderRegistry = :registry"
					+ " and o.senderKey = :actorKey order by o.sentAt, o.id", ActorOutboxEntity.class)
			.setParameter("registry", registry)
			.setParameter("actorKey", actorKey)
			.getResultList();
	}

	/**
	 * An outbox row as the store's caller sees it, opened after its transaction.
	 * @param row the row
	 * @return the send
	 */
	DurableSend open(ActorOutboxEntity row) {
		Invocation invocation = this.cipher.decryptArguments(row.senderRegistry(), row.senderKey(), row.invocation(),
				row.keyId());
		String refusal = (row.refusal() != null) ? this.cipher.decryptRefusal(row.senderRegistry(), row.senderKey(),
				row.id(), row.keyId(), row.refusal()) : null;
		return new DurableSend(row.id(), row.senderRegistry(), row.senderKey(), row.receiverRegistry(),
				row.receiverKey(), invocation, refusal, row.sentAt());
	}

	/**
	 * Drop a delivered send from its sender's outbox and its record from its receiver's
	 * inbox, in the current transaction.
	 * @param send the send
	 * @return whether it was in the outbox
	 */
	boolean delivered(DurableSend send) {
		this.entityManager
			.createQuery("delete from ActorRegistryInbox i where i.registry = :registry and i.actorKey = :actorKey"
					+ " and i.sendId = :id")
			.setParameter("registry", send.receiverRegistry())
			.setParameter("actorKey", send.receiverKey())
			.setParameter("id", send.id())
			.executeUpdate();
		return this.entityManager.createQuery("delete from ActorRegistryOutbox o where o.id = :id")
			.setParameter("id", send.id())
			.executeUpdate() > 0;
	}

	/**
	 * Drop an actor's inbox, in the current transaction.
	 * @param registry the actor's registry
	 * @param actorKey the actor's key
	 */
	void deleteInbox(String registry, String actorKey) {
		this.entityManager
			.createQuery("delete from ActorRegistryInbox i where i.registry = :registry and i.actorKey = :actorKey")
			.setParameter("registry", registry)
			.setParameter("actorKey", actorKey)
			.executeUpdate();
	}

	/**
	 * To the microsecond that databases keep, so what is read equals what was written.
	 */
	private static Instant micros(Instant time) {
		return time.truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * What a save inserts beside the state, sealed.
	 *
	 * @param registry the saving actor's registry
	 * @param actorKey the saving actor's key
	 * @param sends the outbox rows
	 * @param applied the inbox rows
	 */
	record Rows(String registry, String actorKey, List<SendRow> sends, List<AppliedRow> applied) {

	}

	/** A row of {@code actor_outbox}, its arguments and refusal sealed. */
	private record SendRow(DurableSend send, StateCipher.Sealed arguments, @Nullable String refusal, Instant sentAt) {

		void bind(PreparedStatement insert) throws SQLException {
			Invocation invocation = this.send.invocation();
			insert.setString(1, this.send.id());
			insert.setString(2, this.send.senderRegistry());
			insert.setString(3, this.send.senderKey());
			insert.setString(4, this.send.receiverRegistry());
			insert.setString(5, this.send.receiverKey());
			insert.setString(6, invocation.id());
			insert.setString(7, invocation.registry());
			insert.setString(8, invocation.key());
			insert.setString(9, invocation.contract());
			insert.setString(10, invocation.operation());
			insert.setBytes(11, this.arguments.data());
			insert.setString(12, this.refusal);
			insert.setString(13, this.arguments.keyId());
			insert.setObject(14, this.sentAt.atOffset(ZoneOffset.UTC));
		}

	}

	/** A row of {@code actor_inbox}, its refusal sealed. */
	private record AppliedRow(String id, @Nullable String refusal, @Nullable String keyId, Instant appliedAt) {

		void bind(String registry, String actorKey, PreparedStatement insert) throws SQLException {
			insert.setString(1, registry);
			insert.setString(2, actorKey);
			insert.setString(3, this.id);
			insert.setString(4, this.refusal);
			insert.setString(5, this.keyId);
			insert.setObject(6, this.appliedAt.atOffset(ZoneOffset.UTC));
		}

	}

}
