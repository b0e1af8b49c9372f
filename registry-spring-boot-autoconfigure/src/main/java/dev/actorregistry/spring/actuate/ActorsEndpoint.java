package dev.actorregistry.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;

import dev.actorregistry.ActorRef;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ActorStatus;
import dev.actorregistry.ChildCounts;
import dev.actorregistry.ChildInfo;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.RegistrySettings;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.reminder.MissedTickPolicy;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.spring.ActorDefinition;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.cluster.ClusterOverview;
import dev.actorregistry.spring.cluster.ClusterView;
import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.cluster.Placement;
import dev.actorregistry.spring.web.KeyDigest;

/**
 * The {@code actors} endpoint: every registry with its status, counts and settings; the
 * actors of one registry, paged; one actor; and stopping one actor. Actor instances are
 * never shown; states only as {@code management.endpoint.actors.show-values} allows, and
 * keys, which may be personal data, only as {@code management.endpoint.actors.show-keys}
 * allows: otherwise as their {@link KeyDigest digest}.
 * <p>
 * Not tied to a technology: an unknown registry or actor gives {@code null} and bad input
 * an {@link InvalidEndpointRequestException}. {@link ActorsEndpointWebExtension} turns
 * those into HTTP status codes.
 */
@Endpoint(id = "actors")
public class ActorsEndpoint {

	/** Actors per page when the caller gives no limit. */
	public static final int DEFAULT_LIMIT = 100;

	/** The largest page a caller may ask for: bounds the size of one response. */
	public static final int MAX_LIMIT = 1000;

	private static final Comparator<ActorDescriptor> BY_KEY = Comparator.comparing(ActorDescriptor::key);

	private final ActorRegistries registries;

	/** How long the endpoint waits for the other members to say what they are doing. */
	private static final Duration MEMBER_ANSWER_TIMEOUT = Duration.ofSeconds(2);

	private final @Nullable ClusterOverview clusterOverview;

	private final ConversionService conversionService;

	private final Duration stopTimeout;

	private final Show showValues;

	private final Show showKeys;

	private final Set<String> roles;

	/**
	 * Create the endpoint.
	 * @param registries the registries to show; keys given as text convert to each
	 * registry's key type with {@link ActorRegistries#conversionService() their
	 * conversion service}
	 * @param stopTimeout how long {@link #stop} waits for an actor to stop, and a read
	 * for an actor's state
	 * @param showValues when the detail of a persistent actor shows its state
	 * @param showKeys when actors' keys are shown; else their {@link KeyDigest digest}
	 * @param roles the roles that may see states and keys when {@code showValues} or
	 * {@code showKeys} is {@link Show#WHEN_AUTHORIZED}; empty for any authenticated user
	 */
	public ActorsEndpoint(ActorRegistries registries, Duration stopTimeout, Show showValues, Show showKeys,
			Set<String> roles) {
		this(registries, stopTimeout, showValues, showKeys, roles, null);
	}

	/**
	 * Create the endpoint of a member of a cluster.
	 * @param registries the registries
	 * @param stopTimeout how long {@link #stop} waits for an actor to stop, and a read
	 * for an actor's state
	 * @param showValues when the detail of a persistent actor shows its state
	 * @param showKeys when actors' keys are shown; else their {@link KeyDigest digest}
	 * @param roles the roles that may see states and keys
	 * @param clusterOverview the cluster's members, or {@code null} for no cluster
	 */
	public ActorsEndpoint(ActorRegistries registries, Duration stopTimeout, Show showValues, Show showKeys,
			Set<String> roles, @Nullable ClusterOverview clusterOverview) {
		this.clusterOverview = clusterOverview;
		this.registries = registries;
		this.conversionService = registries.conversionService();
		this.stopTimeout = stopTimeout;
		this.showValues = showValues;
		this.showKeys = showKeys;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * Every registry, by name.
	 * @return the registries
	 */
	@ReadOperation
	public RegistriesDescriptor registries() {
		Map<String, RegistryDescriptor> descriptors = new LinkedHashMap<>();
		this.registries.all().forEach((name, registry) -> descriptors.put(name, describe(registry)));
		return new RegistriesDescriptor(descriptors,
				(this.clusterOverview != null) ? this.clusterOverview.viewWithActivity(MEMBER_ANSWER_TIMEOUT) : null);
	}

	/**
	 * A page of the live actors of one registry, sorted by the text of their keys so that
	 * pages stay stable while actors come and go elsewhere in the order.
	 * @param securityContext who asks
	 * @param registry the registry's name
	 * @param offset how many actors to skip; {@code 0} if not given
	 * @param limit the most actors to return; {@value #DEFAULT_LIMIT} if not given
	 * @return the page, or {@code null} if there is no such registry
	 * @throws InvalidEndpointRequestException if {@code offset} is negative or
	 * {@code limit} is not between 1 and {@value #MAX_LIMIT}
	 */
	@ReadOperation
	public @Nullable ActorsPageDescriptor actors(SecurityContext securityContext, @Selector String registry,
			@Nullable Integer offset, @Nullable Integer limit) {
		int from = (offset != null) ? offset : 0;
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (from < 0) {
			throw new InvalidEndpointRequestException("offset must be zero or positive, but was " + from, "Bad offset");
		}
		if (size < 1 || size > MAX_LIMIT) {
			throw new InvalidEndpointRequestException("limit must be between 1 and " + MAX_LIMIT + ", but was " + size,
					"Bad limit");
		}
		ActorRegistry<?, ?> found = this.registries.find(registry).orElse(null);
		if (found == null) {
			return null;
		}
		List<ActorDescriptor> all = found.whichChildren().stream().map(ActorDescriptor::of).sorted(BY_KEY).toList();
		List<ActorDescriptor> page = all.subList(Math.min(from, all.size()),
				(int) Math.min((long) from + size, all.size()));
		boolean showKeys = this.showKeys.isShown(securityContext, this.roles);
		// sorted by the keys themselves, so pages are the same whoever asks
		return new ActorsPageDescriptor(registry, all.size(), from, size,
				showKeys ? page : page.stream().map(ActorDescriptor::masked).toList());
	}

	/**
	 * One live actor. For a persistent actor, the revision of its stored state, and the
	 * state itself when {@code management.endpoint.actors.show-values} allows it for the
	 * caller; for an actor of a registry that keeps durable reminders, its reminders. An
	 * actor that is not live but has reminders is shown too, {@code STOPPED}, with its
	 * reminders only: they are what will start it again. For an actor of a registry that
	 * sends durably, its sends not yet delivered, read from the state store; an actor
	 * that is not live but has some is shown too, {@code STOPPED}.
	 * @param securityContext who asks
	 * @param registry the registry's name
	 * @param key the actor's key as text, converted to the registry's key type
	 * @return the actor, or {@code null} if there is no such registry, or no live actor,
	 * no reminders and no pending durable sends for the key
	 * @throws InvalidEndpointRequestException if the key cannot be converted
	 */
	@ReadOperation
	public @Nullable ActorDescriptor actor(SecurityContext securityContext, @Selector String registry,
			@Selector String key) {
		boolean showState = this.showValues.isShown(securityContext, this.roles);
		boolean showKeys = this.showKeys.isShown(securityContext, this.roles);
		return this.registries.find(registry)
			.flatMap((found) -> describe(found, key, showState, showKeys))
			.map((actor) -> showKeys ? actor : actor.masked())
			.orElse(null);
	}

	/**
	 * Stop one actor once the messages it already accepted have run, and wait up to the
	 * stop timeout for it to be gone.
	 * @param securityContext who asks
	 * @param registry the registry's name
	 * @param key the actor's key as text, converted to the registry's key type
	 * @return what happened, or {@code null} if there is no such registry or live actor
	 * @throws InvalidEndpointRequestException if the key cannot be converted
	 */
	@DeleteOperation
	public @Nullable StopDescriptor stop(SecurityContext securityContext, @Selector String registry,
			@Selector String key) {
		ActorRegistry<?, ?> found = this.registries.find(registry).orElse(null);
		if (found == null) {
			return null;
		}
		return stop(found, key, this.showKeys.isShown(securityContext, this.roles));
	}

	private <K> @Nullable StopDescriptor stop(ActorRegistry<K, ?> registry, String text, boolean showKeys) {
		K key = convertKey(registry, text, showKeys);
		if (registry.child(key).isEmpty()) {
			return null;
		}
		return new StopDescriptor(registry.name(), showKeys ? text : KeyDigest.of(text), awaitStop(registry.stop(key)));
	}

	/**
	 * Why an operation found nothing, for a client: a registry that does not exist, or a
	 * key with no live actor (and no reminders).
	 * @param securityContext who asks
	 * @param registry the registry's name
	 * @param key the key as text, or {@code null} for an operation on the registry
	 * @return a sentence naming what was not found, the key shown as {@code show-keys}
	 * allows
	 */
	String notFound(SecurityContext securityContext, String registry, @Nullable String key) {
		if (key == null || this.registries.find(registry).isEmpty()) {
			return "There is no actor registry '" + registry + "'.";
		}
		return "Registry '" + registry + "' has no live actor '"
				+ shownKey(key, this.showKeys.isShown(securityContext, this.roles)) + "'.";
	}

	/**
	 * A key as this endpoint shows it to a caller: its text, abbreviated when long, or
	 * its digest.
	 */
	private static String shownKey(String text, boolean showKeys) {
		return showKeys ? ActorRegistryException.keyText(text) : KeyDigest.of(text);
	}

	private boolean awaitStop(CompletableFuture<Void> stopped) {
		try {
			stopped.get(this.stopTimeout.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			// still running a long message: it stops when that ends
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return stopped.isDone();
		}
		catch (ExecutionException ex) {
			// its state could not be saved, so it stays live
			return false;
		}
	}

	private <K, A> Optional<ActorDescriptor> describe(ActorRegistry<K, A> registry, String text, boolean showState,
			boolean showKeys) {
		K key = convertKey(registry, text, showKeys);
		Optional<ActorDescriptor> described = registry.child(key).map(ActorDescriptor::of);
		if (this.registries.keepsReminders(registry.name())) {
			List<ReminderDescriptor> reminders = reminders(registry, key);
			if (described.isEmpty()) {
				// read without activating it: reading the store does not start an actor
				described = reminders.isEmpty() ? described
						: Optional.of(ActorDescriptor.notLive(String.valueOf(key), reminders));
			}
			else {
				described = described.map((actor) -> actor.withReminders(reminders));
			}
		}
		if (this.registries.sendsDurably(registry.name())) {
			// read from the store, as reminders are: an actor that is not live may have
			// sends still on their way
			List<DurableSendDescriptor> pending = this.registries
				.pendingDurableSends(registry.name(), String.valueOf(key))
				.stream()
				.map((send) -> DurableSendDescriptor.of(send, showKeys))
				.toList();
			if (described.isEmpty()) {
				described = pending.isEmpty() ? described
						: Optional.of(ActorDescriptor.notLive(String.valueOf(key), null).withPendingSends(pending));
			}
			else {
				described = described.map((actor) -> actor.withPendingSends(pending));
			}
		}
		Optional<ActorCluster> cluster = this.registries.cluster(registry.name());
		if (cluster.isPresent()) {
			// where the key lives, whether or not its actor is live here: the owner
			// is the member to ask about it
			PlacementDescriptor placement = PlacementDescriptor
				.of(cluster.get().placementOf(registry.name(), String.valueOf(key)));
			described = Optional.of(described.orElseGet(() -> ActorDescriptor.notLive(String.valueOf(key), null))
				.withPlacement(placement));
		}
		if (!showState || described.isEmpty() || described.get().revision() == null) {
			return described;
		}
		return described.map((actor) -> actor.withState(currentState(registry, key)));
	}

	private static <K> List<ReminderDescriptor> reminders(ActorRegistry<K, ?> registry, K key) {
		return registry.reminders().list(key).stream().map(ReminderDescriptor::of).toList();
	}

	/**
	 * The state as the actor holds it now, read on its own turn; null if it is gone or
	 * too busy to answer within the stop timeout.
	 */
	private <K, A> @Nullable Object currentState(ActorRegistry<K, A> registry, K key) {
		Optional<ActorRef<K, A>> ref = registry.lookup(key);
		if (ref.isEmpty()) {
			return null;
		}
		CompletableFuture<@Nullable Object> state = ref.get()
			.ask((actor) -> (actor instanceof PersistentActor<?> persistent) ? persistent.snapshot() : null);
		try {
			return state.get(this.stopTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | TimeoutException ex) {
			return null;
		}
	}

	private <K> K convertKey(ActorRegistry<K, ?> registry, String text, boolean showKeys) {
		Class<K> keyType = registry.keyType();
		K key;
		try {
			key = this.conversionService.convert(text, keyType);
		}
		catch (ConversionException ex) {
			// not the conversion's own message: it may quote the text, or more
			throw new InvalidEndpointRequestException("Key '" + shownKey(text, showKeys) + "' of registry '"
					+ registry.name() + "' cannot be converted to " + keyType.getName(), "Bad key");
		}
		if (key == null) {
			throw new InvalidEndpointRequestException(
					"Key '" + shownKey(text, showKeys) + "' of registry '" + registry.name() + "' converts to no key",
					"Bad key");
		}
		return key;
	}

	private RegistryDescriptor describe(ActorRegistry<?, ?> registry) {
		Optional<ActorDefinition<?, ?>> definition = this.registries.definition(registry.name());
		return new RegistryDescriptor(definition.map((found) -> found.actorType().getName()).orElse(null),
				registry.keyType().getName(), registry.status(), registry.countChildren(), registry.pendingMessages(),
				SettingsDescriptor.of(registry.settings(), this.registries.keepsReminders(registry.name()),
						this.registries.sendsDurably(registry.name())));
	}

	/**
	 * Every registry, by name.
	 *
	 * @param registries the registries
	 * @param cluster the cluster this member is part of, when there is one; else
	 * {@code null}
	 */
	public record RegistriesDescriptor(Map<String, RegistryDescriptor> registries,
			@Nullable ClusterView cluster) implements OperationResponseBody {
	}

	/**
	 * Where a key lives in the cluster.
	 *
	 * @param partition the key's partition
	 * @param owner the id of the member that owns it; {@code null} while no member does
	 * @param local whether this member owns it
	 */
	public record PlacementDescriptor(int partition, @Nullable String owner, boolean local) {

		static PlacementDescriptor of(Placement placement) {
			return new PlacementDescriptor(placement.partition(), placement.owner(), placement.local());
		}

	}

	/**
	 * One registry.
	 *
	 * @param actorType the class of its actors, or {@code null} if it was not built from
	 * an {@code @Actor} class
	 * @param keyType the class of its keys
	 * @param status where it is in its life
	 * @param counts its actors in the shape of OTP's {@code count_children}
	 * @param pendingMessages messages accepted by its actors and not yet finished
	 * @param settings the settings it runs with
	 */
	public record RegistryDescriptor(@Nullable String actorType, String keyType, RegistryStatus status,
			ChildCounts counts, long pendingMessages, SettingsDescriptor settings) {
	}

	/**
	 * The settings of one registry, durations in ISO-8601 such as {@code PT30M}.
	 *
	 * @param idleTimeout idle time after which an actor is passivated; {@code PT0S} for
	 * never
	 * @param maxActive the most live actors; zero for no limit
	 * @param mailboxCapacity the most messages waiting or running per actor; zero for
	 * unbounded
	 * @param failurePolicy what happens to an actor whose message threw
	 * @param drainTimeout how long queued work may run when the registry drains
	 * @param persistent whether its persistent actors keep their state in a state store
	 * @param snapshotInterval how often live changed states are saved; {@code PT0S} for
	 * only when actors stop
	 * @param writeThrough whether states are saved after every message, before its reply
	 * @param reminders whether its actors keep durable reminders in a reminder store
	 * @param askTimeout how long an ask waits for its answer unless given a timeout of
	 * its own
	 * @param startTimeout how long a start (factory, state load, onStart) may take
	 * @param durableSends whether its actors send and receive durably
	 */
	public record SettingsDescriptor(String idleTimeout, int maxActive, int mailboxCapacity,
			FailurePolicy failurePolicy, String drainTimeout, boolean persistent, String snapshotInterval,
			boolean writeThrough, boolean reminders, String askTimeout, String startTimeout, boolean durableSends) {

		static SettingsDescriptor of(RegistrySettings settings, boolean reminders, boolean durableSends) {
			return new SettingsDescriptor(settings.idleTimeout().toString(), settings.maxActive(),
					settings.mailboxCapacity(), settings.failurePolicy(), settings.drainTimeout().toString(),
					settings.persistent(), settings.snapshotInterval().toString(), settings.writeThrough(), reminders,
					settings.askTimeout().toString(), settings.startTimeout().toString(), durableSends);
		}

	}

	/**
	 * A page of the live actors of one registry.
	 *
	 * @param registry the registry's name
	 * @param total how many actors the registry has
	 * @param offset how many actors were skipped
	 * @param limit the most actors the page could hold
	 * @param actors the actors, sorted by the text of their keys
	 */
	public record ActorsPageDescriptor(String registry, int total, int offset, int limit,
			List<ActorDescriptor> actors) implements OperationResponseBody {
	}

	/**
	 * One actor; never its instance, and its state only where allowed. An actor that is
	 * not live is shown only for its reminders, with none of the figures of a live one.
	 *
	 * @param key the text of its key, or its {@link KeyDigest digest} where keys are not
	 * shown
	 * @param status {@code ACTIVE}, {@code STOPPING} once a stop was requested, or
	 * {@code STOPPED} for an actor that is not live but has reminders
	 * @param startedAt when it started; {@code null} if it is not live
	 * @param lastActiveAt when its mailbox last became empty; {@code null} if it is not
	 * live
	 * @param mailboxSize messages accepted and not yet finished; {@code null} if it is
	 * not live
	 * @param processed messages it ran; {@code null} if it is not live
	 * @param failures messages it ran that threw; {@code null} if it is not live
	 * @param revision for a persistent actor, the revision of its stored state it loaded
	 * or last saved (0 if none is stored); else {@code null}
	 * @param lastSavedAt when that revision was saved; {@code null} if none is stored
	 * @param unsavedMessages for a persistent actor, messages run since its state was
	 * last saved or found unchanged
	 * @param state its current state, only in the detail of one persistent actor and only
	 * when {@code management.endpoint.actors.show-values} allows it
	 * @param reminders its durable reminders, by name, only in the detail of one actor of
	 * a registry that keeps reminders; else {@code null}
	 * @param pendingSends its durable sends not yet delivered, oldest first, only in the
	 * detail of one actor of a registry that sends durably; else {@code null}
	 * @param placement where the key lives in the cluster, only in the detail of one
	 * actor of a clustered registry; else {@code null}
	 */
	public record ActorDescriptor(String key, ActorStatus status, @Nullable Instant startedAt,
			@Nullable Instant lastActiveAt, @Nullable Integer mailboxSize, @Nullable Long processed,
			@Nullable Long failures, @Nullable Long revision, @Nullable Instant lastSavedAt,
			@Nullable Long unsavedMessages, @Nullable Object state, @Nullable List<ReminderDescriptor> reminders,
			@Nullable List<DurableSendDescriptor> pendingSends,
			@Nullable PlacementDescriptor placement) implements OperationResponseBody {

		static ActorDescriptor of(ChildInfo<?, ?> child) {
			ChildInfo.Persistence persistence = child.persistence();
			return new ActorDescriptor(String.valueOf(child.key()), child.status(), child.startedAt(),
					child.lastActiveAt(), child.mailboxSize(), child.processed(), child.failures(),
					(persistence != null) ? persistence.revision() : null,
					(persistence != null) ? persistence.savedAt() : null,
					(persistence != null) ? persistence.unsavedMessages() : null, null, null, null, null);
		}

		static ActorDescriptor notLive(String key, @Nullable List<ReminderDescriptor> reminders) {
			return new ActorDescriptor(key, ActorStatus.STOPPED, null, null, null, null, null, null, null, null, null,
					reminders, null, null);
		}

		ActorDescriptor withState(@Nullable Object state) {
			return new ActorDescriptor(this.key, this.status, this.startedAt, this.lastActiveAt, this.mailboxSize,
					this.processed, this.failures, this.revision, this.lastSavedAt, this.unsavedMessages, state,
					this.reminders, this.pendingSends, this.placement);
		}

		ActorDescriptor masked() {
			return new ActorDescriptor(KeyDigest.of(this.key), this.status, this.startedAt, this.lastActiveAt,
					this.mailboxSize, this.processed, this.failures, this.revision, this.lastSavedAt,
					this.unsavedMessages, this.state, this.reminders, this.pendingSends, this.placement);
		}

		ActorDescriptor withReminders(List<ReminderDescriptor> reminders) {
			return new ActorDescriptor(this.key, this.status, this.startedAt, this.lastActiveAt, this.mailboxSize,
					this.processed, this.failures, this.revision, this.lastSavedAt, this.unsavedMessages, this.state,
					reminders, this.pendingSends, this.placement);
		}

		ActorDescriptor withPlacement(PlacementDescriptor placement) {
			return new ActorDescriptor(this.key, this.status, this.startedAt, this.lastActiveAt, this.mailboxSize,
					this.processed, this.failures, this.revision, this.lastSavedAt, this.unsavedMessages, this.state,
					this.reminders, this.pendingSends, placement);
		}

		ActorDescriptor withPendingSends(List<DurableSendDescriptor> pendingSends) {
			return new ActorDescriptor(this.key, this.status, this.startedAt, this.lastActiveAt, this.mailboxSize,
					this.processed, this.failures, this.revision, this.lastSavedAt, this.unsavedMessages, this.state,
					this.reminders, pendingSends, this.placement);
		}

	}

	/**
	 * One durable send of an actor that its receiver has not answered yet, as the state
	 * store keeps it; never its arguments, nor why a refusal was refused (they may hold
	 * personal data).
	 *
	 * @param id the send's id
	 * @param receiver the receiving actor as {@code registry/key}, the key shown as
	 * {@code show-keys} allows
	 * @param operation the operation called, as {@code Contract.operation} (the simple
	 * name of the contract's interface)
	 * @param sentAt when the sender saved it
	 * @param refusal whether it is the answer that a send the receiver made was refused,
	 * on its way back to it
	 */
	public record DurableSendDescriptor(String id, String receiver, String operation, Instant sentAt, boolean refusal) {

		static DurableSendDescriptor of(DurableSend send, boolean showKeys) {
			String contract = send.invocation().contract();
			// the simple name, of a nested interface too, without loading the class
			String simpleName = contract.substring(Math.max(contract.lastIndexOf('.'), contract.lastIndexOf('$')) + 1);
			return new DurableSendDescriptor(send.id(),
					send.receiverRegistry() + "/" + shownKey(send.receiverKey(), showKeys),
					simpleName + "." + send.invocation().operation(), send.sentAt(), send.isRefusal());
		}

	}

	/**
	 * One durable reminder of an actor, as its registry's reminder store keeps it.
	 *
	 * @param name its name, unique per actor
	 * @param nextDueAt when its next tick is due
	 * @param period the time between ticks in ISO-8601, such as {@code PT1H};
	 * {@code null} for a one-shot reminder
	 * @param missedTicks what it does with ticks missed while nothing could fire them
	 */
	public record ReminderDescriptor(String name, Instant nextDueAt, @Nullable String period,
			MissedTickPolicy missedTicks) {

		static ReminderDescriptor of(Reminder reminder) {
			Duration period = reminder.period();
			return new ReminderDescriptor(reminder.name(), reminder.dueAt(),
					(period != null) ? period.toString() : null, reminder.missedTicks());
		}

	}

	/**
	 * The outcome of stopping one actor.
	 *
	 * @param registry the registry's name
	 * @param key the text of the actor's key, or its {@link KeyDigest digest} where keys
	 * are not shown
	 * @param stopped whether the actor was gone within the stop timeout; if not, it stops
	 * as soon as the message it is running ends
	 */
	public record StopDescriptor(String registry, String key, boolean stopped) implements OperationResponseBody {
	}

}
