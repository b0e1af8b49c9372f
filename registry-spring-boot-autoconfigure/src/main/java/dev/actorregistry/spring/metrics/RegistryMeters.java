package dev.actorregistry.spring.metrics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ActorStartException;
import dev.actorregistry.ActorStoppedException;
import dev.actorregistry.KeyTooLongException;
import dev.actorregistry.MailboxFullException;
import dev.actorregistry.RegistryClosedException;
import dev.actorregistry.RegistryDrainingException;
import dev.actorregistry.StopReason;
import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.cluster.RemoteCallException.Kind;
import dev.actorregistry.cluster.RetryReason;
import dev.actorregistry.invocation.DeliveryOutcome;
import dev.actorregistry.persistence.StateConflictException;

/**
 * The event meters of one registry, built once: Micrometer's builders look meters up by
 * name and tags on every call, too costly for a path taken once per message.
 */
final class RegistryMeters {

	static final String ACTIVATIONS = "actors.activations";

	static final String PASSIVATIONS = "actors.passivations";

	static final String RESTARTS = "actors.restarts";

	static final String PROCESSING = "actors.messages.processing";

	static final String WAIT = "actors.messages.wait";

	static final String REJECTED = "actors.messages.rejected";

	static final String STATE_SAVES = "actors.state.saves";

	static final String STATE_LOADS = "actors.state.loads";

	static final String STATE_CONFLICTS = "actors.state.conflicts";

	static final String REMINDERS = "actors.reminders";

	static final String DURABLE_SENT = "actors.durable.sent";

	static final String DURABLE_DELIVERED = "actors.durable.delivered";

	static final String DURABLE_REDELIVERED = "actors.durable.redelivered";

	static final String DURABLE_DEDUPLICATED = "actors.durable.deduplicated";

	static final String DURABLE_FAILED = "actors.durable.failed";

	static final String CLUSTER_CALLS = "actors.cluster.calls";

	static final String CLUSTER_RETRIES = "actors.cluster.retries";

	static final String CLUSTER_HAND_OFFS = "actors.cluster.hand.offs";

	static final String REGISTRY_TAG = "registry";

	static final String OUTCOME_TAG = "outcome";

	static final String REASON_TAG = "reason";

	private static final String CALL_SUCCESS = "success";

	final Counter activationSuccesses;

	final Counter activationFailures;

	final Counter restarts;

	final Timer processingSuccesses;

	final Timer processingFailures;

	final Timer waits;

	private final Map<StopReason, Counter> passivations = new EnumMap<>(StopReason.class);

	private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);

	private final MeterRegistry meterRegistry;

	private final Tags tags;

	/** Registered at the first state event, so registries without state show none. */
	private volatile @Nullable StateMeters stateMeters;

	/**
	 * Registered at the first reminder event, so registries without reminders show none.
	 */
	private volatile @Nullable ReminderMeters reminderMeters;

	/**
	 * Registered at the first durable send, so registries that send none show none.
	 */
	private volatile @Nullable DurableMeters durableMeters;

	/**
	 * Registered at the first event of a cluster, so registries outside one show none.
	 */
	private volatile @Nullable ClusterMeters clusterMeters;

	private RegistryMeters(MeterRegistry meterRegistry, String registry) {
		Tags tags = Tags.of(REGISTRY_TAG, registry);
		this.meterRegistry = meterRegistry;
		this.tags = tags;
		this.activationSuccesses = activations(meterRegistry, tags, "success");
		this.activationFailures = activations(meterRegistry, tags, "failure");
		this.restarts = Counter.builder(RESTARTS)
			.description("Actor instances replaced by fresh ones after a failed message")
			.tags(tags)
			.register(meterRegistry);
		this.processingSuccesses = processing(meterRegistry, tags, "success");
		this.processingFailures = processing(meterRegistry, tags, "failure");
		this.waits = Timer.builder(WAIT)
			.description("Time messages waited in actors' mailboxes before they ran")
			.tags(tags)
			.register(meterRegistry);
		for (StopReason reason : StopReason.values()) {
			if (reason != StopReason.RESTARTED) {
				this.passivations.put(reason,
						Counter.builder(PASSIVATIONS)
							.description("Actors stopped and removed from the registry")
							.tags(tags)
							.tag(REASON_TAG, reason.name().toLowerCase(Locale.ROOT))
							.register(meterRegistry));
			}
		}
		for (Rejection rejection : Rejection.values()) {
			this.rejections.put(rejection,
					Counter.builder(REJECTED)
						.description("Messages refused or abandoned; their senders were told why")
						.tags(tags)
						.tag(REASON_TAG, rejection.tagValue)
						.register(meterRegistry));
		}
	}

	/**
	 * Register, or find if already registered, every event meter of a registry.
	 * @param meterRegistry where meters live
	 * @param registry the actor registry's name
	 * @return the meters
	 */
	static RegistryMeters register(MeterRegistry meterRegistry, String registry) {
		return new RegistryMeters(meterRegistry, registry);
	}

	private static Counter activations(MeterRegistry meterRegistry, Tags tags, String outcome) {
		return Counter.builder(ACTIVATIONS)
			.description("Actor starts")
			.tags(tags)
			.tag(OUTCOME_TAG, outcome)
			.register(meterRegistry);
	}

	private static Timer processing(MeterRegistry meterRegistry, Tags tags, String outcome) {
		return Timer.builder(PROCESSING)
			.description("Time messages ran on their actors")
			.tags(tags)
			.tag(OUTCOME_TAG, outcome)
			.register(meterRegistry);
	}

	/**
	 * The passivation counter of a stop reason.
	 * @param reason why an actor stopped
	 * @return its counter, or {@code null} for {@link StopReason#RESTARTED}, which is
	 * counted as a restart: the key stays live
	 */
	@Nullable Counter passivations(StopReason reason) {
		return this.passivations.get(reason);
	}

	/**
	 * The rejection counter of a refusal.
	 * @param cause the exception the sender received
	 * @return its counter
	 */
	Counter rejections(ActorRegistryException cause) {
		Rejection rejection = Rejection.of(cause);
		return Objects.requireNonNull(this.rejections.get(rejection),
				() -> "no counter for rejection " + rejection + ": the constructor registers one for each");
	}

	/**
	 * The meters of state loads and saves, registered on first use.
	 * @return the meters
	 */
	StateMeters state() {
		StateMeters meters = this.stateMeters;
		if (meters == null) {
			// registering twice finds the same meters: no lock needed
			meters = new StateMeters(this.meterRegistry, this.tags);
			this.stateMeters = meters;
		}
		return meters;
	}

	/**
	 * The meters of reminder ticks, registered on first use.
	 * @return the meters
	 */
	ReminderMeters reminders() {
		ReminderMeters meters = this.reminderMeters;
		if (meters == null) {
			// registering twice finds the same meters: no lock needed
			meters = new ReminderMeters(this.meterRegistry, this.tags);
			this.reminderMeters = meters;
		}
		return meters;
	}

	/**
	 * The meters of durable sends, registered on first use.
	 * @return the meters
	 */
	DurableMeters durable() {
		DurableMeters meters = this.durableMeters;
		if (meters == null) {
			// registering twice finds the same meters: no lock needed
			meters = new DurableMeters(this.meterRegistry, this.tags);
			this.durableMeters = meters;
		}
		return meters;
	}

	/**
	 * A registry's durable sends, counted by its actors' side, the sender's: each send
	 * and each refusal sent back is counted once sent, and once delivered.
	 */
	ClusterMeters cluster() {
		ClusterMeters meters = this.clusterMeters;
		if (meters == null) {
			// registering twice finds the same meters: no lock needed
			meters = new ClusterMeters(this.meterRegistry, this.tags);
			this.clusterMeters = meters;
		}
		return meters;
	}

	static final class ClusterMeters {

		final Timer handOffsReleased;

		final Timer handOffsTakenOver;

		private final Map<String, Timer> calls = new HashMap<>();

		private final Map<RetryReason, Counter> retries = new EnumMap<>(RetryReason.class);

		private ClusterMeters(MeterRegistry meterRegistry, Tags tags) {
			for (String outcome : List.of(CALL_SUCCESS, tagOf(Kind.NOT_RUN), tagOf(Kind.OUTCOME_UNKNOWN),
					tagOf(Kind.FAILED))) {
				this.calls.put(outcome,
						Timer.builder(CLUSTER_CALLS)
							.description("Calls by key carried to the member that owns the key, by what became of "
									+ "them there: success, not-run (tried again), outcome-unknown (the member left "
									+ "or did not answer in time), failed")
							.tags(tags)
							.tag(OUTCOME_TAG, outcome)
							.register(meterRegistry));
			}
			for (RetryReason reason : RetryReason.values()) {
				this.retries.put(reason,
						Counter.builder(CLUSTER_RETRIES)
							.description("Calls by key not run and tried again within their deadline, by why")
							.baseUnit("attempts")
							.tags(tags)
							.tag(REASON_TAG, tagOf(reason))
							.register(meterRegistry));
			}
			this.handOffsReleased = handOffs(meterRegistry, tags, "released");
			this.handOffsTakenOver = handOffs(meterRegistry, tags, "taken-over");
		}

		private static Timer handOffs(MeterRegistry meterRegistry, Tags tags, String outcome) {
			return Timer.builder(CLUSTER_HAND_OFFS)
				.description("Partitions that came to this member from a member still up, held back until "
						+ "the old owner released them (or taken over without it), and for how long")
				.tags(tags)
				.tag(OUTCOME_TAG, outcome)
				.register(meterRegistry);
		}

		Timer calls(@Nullable Throwable failure) {
			String outcome;
			if (failure == null) {
				outcome = CALL_SUCCESS;
			}
			else if (failure instanceof RemoteCallException remote) {
				outcome = tagOf(remote.kind());
			}
			else {
				outcome = tagOf(Kind.FAILED);
			}
			return Objects.requireNonNull(this.calls.get(outcome));
		}

		Counter retries(RetryReason reason) {
			return Objects.requireNonNull(this.retries.get(reason));
		}

		private static String tagOf(Enum<?> value) {
			return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

	static final class DurableMeters {

		final Counter sent;

		final Counter redelivered;

		final Counter deduplicated;

		final Counter failed;

		private final Map<DeliveryOutcome, Counter> delivered = new EnumMap<>(DeliveryOutcome.class);

		private DurableMeters(MeterRegistry meterRegistry, Tags tags) {
			this.sent = Counter.builder(DURABLE_SENT)
				.description("Durable sends saved with their senders' states, on their way")
				.baseUnit("sends")
				.tags(tags)
				.register(meterRegistry);
			for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
				this.delivered.put(outcome,
						Counter.builder(DURABLE_DELIVERED)
							.description("Durable sends their receivers answered: applied, refused, or applied "
									+ "already (a duplicate, answered from the receiver's record)")
							.baseUnit("sends")
							.tags(tags)
							.tag(OUTCOME_TAG, outcome.name().toLowerCase(Locale.ROOT))
							.register(meterRegistry));
			}
			this.redelivered = Counter.builder(DURABLE_REDELIVERED)
				.description("Durable sends delivered after more than one attempt")
				.baseUnit("sends")
				.tags(tags)
				.register(meterRegistry);
			this.deduplicated = Counter.builder(DURABLE_DEDUPLICATED)
				.description("Durable sends delivered again that their receivers had applied already, "
						+ "and did not apply twice")
				.baseUnit("sends")
				.tags(tags)
				.register(meterRegistry);
			this.failed = Counter.builder(DURABLE_FAILED)
				.description("Failed deliveries of durable sends, each tried again later")
				.baseUnit("attempts")
				.tags(tags)
				.register(meterRegistry);
		}

		Counter delivered(DeliveryOutcome outcome) {
			return Objects.requireNonNull(this.delivered.get(outcome),
					() -> "no counter for outcome " + outcome + ": the constructor registers one for each");
		}

	}

	/**
	 * Ticks of a registry's durable reminders, by what became of them.
	 */
	static final class ReminderMeters {

		final Counter fired;

		final Counter missed;

		final Counter failed;

		private ReminderMeters(MeterRegistry meterRegistry, Tags tags) {
			this.fired = ticks(meterRegistry, tags, "fired");
			this.missed = ticks(meterRegistry, tags, "missed");
			this.failed = ticks(meterRegistry, tags, "failed");
		}

		private static Counter ticks(MeterRegistry meterRegistry, Tags tags, String outcome) {
			return Counter.builder(REMINDERS)
				.description("Ticks of durable reminders: delivered, missed (dropped or folded into one), "
						+ "or failed to deliver and fired again later")
				.baseUnit("ticks")
				.tags(tags)
				.tag(OUTCOME_TAG, outcome)
				.register(meterRegistry);
		}

	}

	/**
	 * Loads, saves and conflicts of a registry's persistent actors.
	 */
	static final class StateMeters {

		final Timer savesSucceeded;

		final Timer savesFailed;

		final Timer savesConflicted;

		final Timer loadsSucceeded;

		final Timer loadsFailed;

		final Counter conflicts;

		private StateMeters(MeterRegistry meterRegistry, Tags tags) {
			this.savesSucceeded = saves(meterRegistry, tags, "success");
			this.savesFailed = saves(meterRegistry, tags, "failure");
			this.savesConflicted = saves(meterRegistry, tags, "conflict");
			this.loadsSucceeded = loads(meterRegistry, tags, "success");
			this.loadsFailed = loads(meterRegistry, tags, "failure");
			this.conflicts = Counter.builder(STATE_CONFLICTS)
				.description("Actors stopped because another activation of their key saved a newer state")
				.tags(tags)
				.register(meterRegistry);
		}

		private static Timer saves(MeterRegistry meterRegistry, Tags tags, String outcome) {
			return Timer.builder(STATE_SAVES)
				.description("Saves of changed actor states, and the time the state store took")
				.tags(tags)
				.tag(OUTCOME_TAG, outcome)
				.register(meterRegistry);
		}

		private static Timer loads(MeterRegistry meterRegistry, Tags tags, String outcome) {
			return Timer.builder(STATE_LOADS)
				.description("Loads of actor states as actors start, and the time they took")
				.tags(tags)
				.tag(OUTCOME_TAG, outcome)
				.register(meterRegistry);
		}

	}

	/**
	 * Why a message was refused, as the {@code reason} tag says it.
	 */
	enum Rejection {

		MAILBOX_FULL("mailbox-full"), DRAINING("draining"), CLOSED("closed"), ACTOR_STOPPED("actor-stopped"),
		START_FAILED("start-failed"), STATE_CONFLICT("state-conflict"), KEY_TOO_LONG("key-too-long"), OTHER("other");

		private final String tagValue;

		Rejection(String tagValue) {
			this.tagValue = tagValue;
		}

		String tagValue() {
			return this.tagValue;
		}

		static Rejection of(ActorRegistryException cause) {
			if (cause instanceof MailboxFullException) {
				return MAILBOX_FULL;
			}
			if (cause instanceof RegistryDrainingException) {
				return DRAINING;
			}
			if (cause instanceof RegistryClosedException) {
				return CLOSED;
			}
			if (cause instanceof ActorStoppedException) {
				return ACTOR_STOPPED;
			}
			if (cause instanceof ActorStartException) {
				return START_FAILED;
			}
			if (cause instanceof StateConflictException) {
				return STATE_CONFLICT;
			}
			if (cause instanceof KeyTooLongException) {
				return KEY_TOO_LONG;
			}
			return OTHER;
		}

	}

}
