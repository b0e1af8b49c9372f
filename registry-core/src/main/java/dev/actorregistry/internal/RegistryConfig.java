package dev.actorregistry.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorFactory;
import dev.actorregistry.ContextPropagator;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.RegistryClock;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.TopicSubscription;
import dev.actorregistry.Topics;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.reminder.ReminderStore;

/**
 * A registry's settings, validated by the builder.
 *
 * @param name the registry's name
 * @param keyType the key type
 * @param factory creates actors
 * @param idleTimeout zero to never passivate idle actors
 * @param maxActive zero for no limit
 * @param mailboxCapacity zero for unbounded
 * @param failurePolicy what to do when a message throws
 * @param executor where turns run, or {@code null} for the shared pool
 * @param scheduler where the idle sweep runs, or {@code null} for the shared scheduler
 * @param clock the source of time
 * @param listener receives events
 * @param drainTimeout how long {@code close()} lets queued work run
 * @param askTimeout how long an ask waits for its answer unless given a timeout of its
 * own
 * @param startTimeout how long a start (factory, state load, onStart) may take
 * @param stateStore where persistent actors keep their state, or {@code null} for none
 * @param stateCodec serializes states; set when {@code stateStore} is
 * @param snapshotInterval how often live states are saved; zero for only on stop
 * @param writeThrough whether states are saved after every message
 * @param reminderStore where durable reminders are kept, or {@code null} for none
 * @param reminderSettings how reminders fire
 * @param keyParser reads keys stored as text, or {@code null} for the key type's own
 * @param subscriptions the topics every actor of the registry subscribes to
 * @param topics the topics the registry's actors publish and subscribe on, or
 * {@code null} for a set of its own
 * @param contextPropagator carries senders' thread context to turns, or {@code null} for
 * none
 * @param callerRuns asked on the thread of a caller about to block on a reply: whether it
 * may run the actor's turn itself
 * @param durableSends how the actors send and receive durably, or {@code null} if they do
 * not
 * @param <K> the key type
 * @param <A> the actor type
 */
public record RegistryConfig<K, A>(String name, Class<K> keyType, ActorFactory<K, A> factory, Duration idleTimeout,
		int maxActive, int mailboxCapacity, FailurePolicy failurePolicy, @Nullable Executor executor,
		@Nullable ScheduledExecutorService scheduler, RegistryClock clock, RegistryListener listener,
		Duration drainTimeout, Duration askTimeout, Duration startTimeout, @Nullable StateStore stateStore,
		@Nullable StateCodec stateCodec, Duration snapshotInterval, boolean writeThrough,
		@Nullable ReminderStore reminderStore, ReminderSettings reminderSettings,
		@Nullable Function<String, K> keyParser, List<TopicSubscription<K, A>> subscriptions, @Nullable Topics topics,
		@Nullable ContextPropagator contextPropagator, BooleanSupplier callerRuns,
		@Nullable DurableSendsConfig durableSends, @Nullable ClusterConfig cluster) {
}
