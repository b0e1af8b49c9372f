package dev.actorregistry;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.internal.CompositeListener;
import dev.actorregistry.cluster.RetryReason;
import dev.actorregistry.invocation.DeliveryOutcome;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.StaleRevisionException;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.reminder.MissedTickPolicy;

/**
 * Receives every lifecycle and message event of a registry; metrics and logging hang
 * here. All methods do nothing by default.
 * <p>
 * Methods are called on the thread where the event happens, often an actor's turn, and
 * some of them once per message: keep them short and non-blocking. An exception thrown by
 * a listener is logged and otherwise ignored.
 */
public interface RegistryListener {

	/** A listener that ignores every event. */
	RegistryListener NONE = new RegistryListener() {
	};

	/**
	 * One listener that passes every event to each of {@code listeners}, in order.
	 * @param listeners the listeners
	 * @return {@link #NONE} for none, the listener itself for one, else a composite
	 */
	static RegistryListener allOf(List<? extends RegistryListener> listeners) {
		return switch (listeners.size()) {
			case 0 -> NONE;
			case 1 -> listeners.get(0);
			default -> new CompositeListener(listeners);
		};
	}

	/**
	 * An actor started and is live.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param startNanos how long the factory and {@code onStart} took
	 */
	default void actorStarted(String registry, Object key, long startNanos) {
	}

	/**
	 * A start failed; nothing stayed registered.
	 * @param registry the registry's name
	 * @param key the key that was to start
	 * @param cause why
	 */
	default void actorStartFailed(String registry, Object key, Throwable cause) {
	}

	/**
	 * An actor instance stopped and was removed from the registry.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param reason why it stopped
	 */
	default void actorStopped(String registry, Object key, StopReason reason) {
	}

	/**
	 * An actor instance was replaced by a fresh one after a failure
	 * ({@link FailurePolicy#RESTART}).
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param cause the failure that caused the restart
	 */
	default void actorRestarted(String registry, Object key, Throwable cause) {
	}

	/**
	 * A message ran.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param waitNanos how long it waited in the mailbox
	 * @param processNanos how long it ran
	 * @param failure what it threw, or {@code null} if it succeeded
	 */
	default void messageProcessed(String registry, Object key, long waitNanos, long processNanos,
			@Nullable Throwable failure) {
	}

	/**
	 * A message was refused or abandoned; its sender was told with {@code cause}.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param cause the exception the sender received
	 */
	default void messageRejected(String registry, Object key, ActorRegistryException cause) {
	}

	/**
	 * A lifecycle hook or the factory's {@code destroy} threw.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param hook the hook's name: {@code onStop} or {@code destroy}
	 * @param cause what it threw
	 */
	default void hookFailed(String registry, Object key, String hook, Throwable cause) {
	}

	/**
	 * A persistent actor's state was loaded as it started, or the load failed (and so did
	 * the start).
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param revision the revision loaded; 0 if nothing was stored or the load failed
	 * @param loadNanos how long loading and restoring took
	 * @param failure why the load failed, or {@code null} if it succeeded
	 */
	default void stateLoaded(String registry, Object key, long revision, long loadNanos, @Nullable Throwable failure) {
	}

	/**
	 * A persistent actor's changed state was saved, or the attempt failed. Unchanged
	 * states are not saved and not reported.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param revision the new revision; on failure, the revision the actor still has
	 * @param saveNanos how long the store took
	 * @param failure why the save failed (a {@link StaleRevisionException} for a
	 * conflict), or {@code null} if it succeeded
	 */
	default void stateSaved(String registry, Object key, long revision, long saveNanos, @Nullable Throwable failure) {
	}

	/**
	 * A persistent actor found that another activation of its key saved a newer state; it
	 * stops without saving. Follows the failed {@link #stateSaved}.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param conflict what its waiting senders receive
	 */
	default void stateConflict(String registry, Object key, StateConflictException conflict) {
	}

	/**
	 * Ticks of a durable reminder were delivered to its actor.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param reminder the reminder's name
	 * @param ticks how many ticks
	 */
	default void reminderFired(String registry, Object key, String reminder, long ticks) {
	}

	/**
	 * Ticks of a durable reminder were missed: dropped, or folded into one delivered
	 * tick, as its {@link MissedTickPolicy} says.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param reminder the reminder's name
	 * @param ticks how many ticks
	 */
	default void reminderMissed(String registry, Object key, String reminder, long ticks) {
	}

	/**
	 * A durable reminder's tick could not be delivered; it is fired again later.
	 * @param registry the registry's name
	 * @param key the actor's key (as stored, if it could not be read as a key)
	 * @param reminder the reminder's name
	 * @param cause why
	 */
	default void reminderFailed(String registry, Object key, String reminder, Throwable cause) {
	}

	/**
	 * An actor's durable send was saved with its state, and is on its way.
	 * @param registry the sender's registry
	 * @param send the send
	 */
	default void durableSent(String registry, DurableSend send) {
	}

	/**
	 * A durable send's receiver answered, and the send left its sender's outbox.
	 * @param registry the sender's registry
	 * @param send the send
	 * @param outcome what the receiver answered
	 * @param attempts the deliveries it took, from 1
	 */
	default void durableDelivered(String registry, DurableSend send, DeliveryOutcome outcome, int attempts) {
	}

	/**
	 * A delivery of a durable send failed; it is tried again later.
	 * @param registry the sender's registry
	 * @param send the send
	 * @param attempt which delivery failed, from 1
	 * @param cause why
	 */
	default void durableDeliveryFailed(String registry, DurableSend send, int attempt, Throwable cause) {
	}

	/**
	 * A call by key was carried to the member that owns the key (cluster mode), which
	 * answered, or the call failed. Each attempt of a call tried again counts once.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param nanos how long the answer took
	 * @param failure why it failed (a
	 * {@link dev.actorregistry.cluster.RemoteCallException} names what became of it), or
	 * {@code null} if it ran
	 */
	default void callForwarded(String registry, Object key, long nanos, @Nullable Throwable failure) {
	}

	/**
	 * A call by key was not run (cluster mode), and is tried again within its deadline.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param reason why it was not run
	 */
	default void callRetried(String registry, Object key, RetryReason reason) {
	}

	/**
	 * A partition came to this member from a member still up (cluster mode): its calls
	 * are held back here until the old owner has stopped its actors, each with its final
	 * save.
	 * @param registry the registry's name
	 * @param partition the partition
	 * @param from the old owner's id
	 */
	default void handOffStarted(String registry, int partition, String from) {
	}

	/**
	 * A partition came to this member from a member still up (cluster mode), and the
	 * hand-off of its keys ended: their calls run here from now on.
	 * @param registry the registry's name
	 * @param partition the partition
	 * @param nanos how long its calls were held back
	 * @param released whether the old owner released it; false if it did not answer in
	 * time or failed, and the store's revision fences what it may still write
	 */
	default void handOffEnded(String registry, int partition, long nanos, boolean released) {
	}

	/**
	 * A drain finished.
	 * @param report what it did
	 */
	default void registryDrained(DrainReport report) {
	}

}
