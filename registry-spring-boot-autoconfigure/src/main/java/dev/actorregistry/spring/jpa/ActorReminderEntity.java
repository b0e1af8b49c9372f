package dev.actorregistry.spring.jpa;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.reminder.MissedTickPolicy;
import dev.actorregistry.reminder.StoredReminder;

/**
 * One durable reminder: a row of {@code actor_reminder}. The store changes rows with
 * single conditional statements on the version, never through this entity's dirty
 * checking; the version is still declared as the JPA version so that no other writer
 * through JPA can overwrite a row it read earlier.
 * <p>
 * The entity name is qualified so it cannot clash with an entity of the application. Rows
 * are never taken from a second-level cache: a stale cached version would let an instance
 * claim a tick another instance already holds.
 */
@Entity(name = "ActorRegistryReminder")
@Table(name = "actor_reminder", indexes = @Index(name = "actor_reminder_due_at", columnList = "registry, due_at"))
@Cacheable(false)
class ActorReminderEntity {

	/** The longest lease owner, as a registry names its instance, the table takes. */
	static final int MAX_OWNER_LENGTH = 300;

	/** Long enough for every {@link MissedTickPolicy} name. */
	private static final int MAX_POLICY_LENGTH = 20;

	@EmbeddedId
	private ActorReminderId id;

	@Column(name = "due_at", nullable = false)
	private Instant dueAt;

	@Column(name = "period_millis")
	private @Nullable Long periodMillis;

	// text, not @Enumerated: Hibernate would make an enum type or a check constraint of
	// it, which the scripts' column would not validate against
	@Column(name = "missed_ticks", nullable = false, length = MAX_POLICY_LENGTH)
	private String missedTicks;

	@Column(name = "sequence", nullable = false)
	private long sequence;

	@Column(name = "lease_owner", length = MAX_OWNER_LENGTH)
	private @Nullable String leaseOwner;

	@Column(name = "lease_until")
	private @Nullable Instant leaseUntil;

	@Version
	@Column(name = "version", nullable = false)
	private long version;

	protected ActorReminderEntity() {
		// for JPA
		this.id = new ActorReminderId();
		this.dueAt = Instant.EPOCH;
		this.missedTicks = MissedTickPolicy.FIRE_ONCE.name();
	}

	/**
	 * A new row for a reminder as registered: no lease, at the version given.
	 */
	ActorReminderEntity(ActorReminderId id, Instant dueAt, @Nullable Long periodMillis, MissedTickPolicy missedTicks,
			long sequence, long version) {
		this.id = id;
		this.dueAt = dueAt;
		this.periodMillis = periodMillis;
		this.missedTicks = missedTicks.name();
		this.sequence = sequence;
		this.version = version;
	}

	ActorReminderId id() {
		return this.id;
	}

	long version() {
		return this.version;
	}

	/**
	 * The row as the SPI hands it out.
	 * @return the stored reminder
	 * @throws Unreadable if the row names a missed-tick policy this version does not
	 * know, or a period that is not positive
	 */
	StoredReminder toStoredReminder() {
		MissedTickPolicy policy;
		try {
			policy = MissedTickPolicy.valueOf(this.missedTicks);
		}
		catch (IllegalArgumentException ex) {
			throw unreadable("missed_ticks '" + this.missedTicks + "', which is none of "
					+ Arrays.toString(MissedTickPolicy.values()), ex);
		}
		if (this.periodMillis != null && this.periodMillis <= 0) {
			throw unreadable("period_millis " + this.periodMillis + ", which is not positive", null);
		}
		return new StoredReminder(this.id.registry(), this.id.actorKey(), this.id.name(), this.dueAt,
				(this.periodMillis != null) ? Duration.ofMillis(this.periodMillis) : null, policy, this.sequence,
				this.leaseOwner, this.leaseUntil, this.version);
	}

	private Unreadable unreadable(String what, @Nullable Exception cause) {
		return new Unreadable("reminder '" + this.id.name() + "' has " + what, cause);
	}

	/**
	 * A row that was written outside the store, or by a later version of it.
	 */
	static final class Unreadable extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		Unreadable(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
