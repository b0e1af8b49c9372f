package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.DrainReport;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.StopReason;
import dev.actorregistry.cluster.RetryReason;
import dev.actorregistry.invocation.DeliveryOutcome;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.StateConflictException;

/**
 * Passes every event to one or more listeners in order, each guarded: a listener that
 * throws is logged and never breaks an actor's turn, the registry's bookkeeping, or the
 * listeners after it. The events of every start, stop, message and save loop inline; the
 * rare ones (failures, conflicts, reminders, drains) share one loop that takes a lambda.
 */
public final class CompositeListener implements RegistryListener {

	private static final System.Logger logger = System.getLogger(CompositeListener.class.getName());

	private final RegistryListener[] listeners;

	/**
	 * Create a composite.
	 * @param listeners the listeners, in the order they hear events
	 */
	public CompositeListener(List<? extends RegistryListener> listeners) {
		this.listeners = listeners.toArray(RegistryListener[]::new);
	}

	/**
	 * Guard a listener, unless it is guarded already.
	 * @param listener the listener
	 * @return a composite that passes events to it
	 */
	static CompositeListener of(RegistryListener listener) {
		return (listener instanceof CompositeListener composite) ? composite : new CompositeListener(List.of(listener));
	}

	@Override
	public void actorStarted(String registry, Object key, long startNanos) {
		for (RegistryListener listener : this.listeners) {
			try {
				listener.actorStarted(registry, key, startNanos);
			}
			catch (RuntimeException ex) {
				failed(listener, registry, "actorStarted", ex);
			}
		}
	}

	@Override
	public void actorStartFailed(String registry, Object key, Throwable cause) {
		each(registry, "actorStartFailed", (listener) -> listener.actorStartFailed(registry, key, cause));
	}

	@Override
	public void actorStopped(String registry, Object key, StopReason reason) {
		for (RegistryListener listener : this.listeners) {
			try {
				listener.actorStopped(registry, key, reason);
			}
			catch (RuntimeException ex) {
				failed(listener, registry, "actorStopped", ex);
			}
		}
	}

	@Override
	public void actorRestarted(String registry, Object key, Throwable cause) {
		each(registry, "actorRestarted", (listener) -> listener.actorRestarted(registry, key, cause));
	}

	@Override
	public void messageProcessed(String registry, Object key, long waitNanos, long processNanos,
			@Nullable Throwable failure) {
		for (RegistryListener listener : this.listeners) {
			try {
				listener.messageProcessed(registry, key, waitNanos, processNanos, failure);
			}
			catch (RuntimeException ex) {
				failed(listener, registry, "messageProcessed", ex);
			}
		}
	}

	@Override
	public void messageRejected(String registry, Object key, ActorRegistryException cause) {
		for (RegistryListener listener : this.listeners) {
			try {
				listener.messageRejected(registry, key, cause);
			}
			catch (RuntimeException ex) {
				failed(listener, registry, "messageRejected", ex);
			}
		}
	}

	@Override
	public void hookFailed(String registry, Object key, String hook, Throwable cause) {
		each(registry, "hookFailed", (listener) -> listener.hookFailed(registry, key, hook, cause));
	}

	@Override
	public void stateLoaded(String registry, Object key, long revision, long loadNanos, @Nullable Throwable failure) {
		for (RegistryListener listener : this.listeners) {
			try {
				listener.stateLoaded(registry, key, revision, loadNanos, failure);
			}
			catch (RuntimeException ex) {
				failed(listener, registry, "stateLoaded", ex);
			}
		}
	}

	@Override
	public void stateSaved(String registry, Object key, long revision, long saveNanos, @Nullable Throwable failure) {
		for (RegistryListener listener : this.listeners) {
			try {
				listener.stateSaved(registry, key, revision, saveNanos, failure);
			}
			catch (RuntimeException ex) {
				failed(listener, registry, "stateSaved", ex);
			}
		}
	}

	@Override
	public void stateConflict(String registry, Object key, StateConflictException conflict) {
		each(registry, "stateConflict", (listener) -> listener.stateConflict(registry, key, conflict));
	}

	@Override
	public void reminderFired(String registry, Object key, String reminder, long ticks) {
		each(registry, "reminderFired", (listener) -> listener.reminderFired(registry, key, reminder, ticks));
	}

	@Override
	public void reminderMissed(String registry, Object key, String reminder, long ticks) {
		each(registry, "reminderMissed", (listener) -> listener.reminderMissed(registry, key, reminder, ticks));
	}

	@Override
	public void reminderFailed(String registry, Object key, String reminder, Throwable cause) {
		each(registry, "reminderFailed", (listener) -> listener.reminderFailed(registry, key, reminder, cause));
	}

	@Override
	public void durableSent(String registry, DurableSend send) {
		each(registry, "durableSent", (listener) -> listener.durableSent(registry, send));
	}

	@Override
	public void durableDelivered(String registry, DurableSend send, DeliveryOutcome outcome, int attempts) {
		each(registry, "durableDelivered", (listener) -> listener.durableDelivered(registry, send, outcome, attempts));
	}

	@Override
	public void durableDeliveryFailed(String registry, DurableSend send, int attempt, Throwable cause) {
		each(registry, "durableDeliveryFailed",
				(listener) -> listener.durableDeliveryFailed(registry, send, attempt, cause));
	}

	@Override
	public void callForwarded(String registry, Object key, long nanos, @Nullable Throwable failure) {
		each(registry, "callForwarded", (listener) -> listener.callForwarded(registry, key, nanos, failure));
	}

	@Override
	public void callRetried(String registry, Object key, RetryReason reason) {
		each(registry, "callRetried", (listener) -> listener.callRetried(registry, key, reason));
	}

	@Override
	public void handOffStarted(String registry, int partition, String from) {
		each(registry, "handOffStarted", (listener) -> listener.handOffStarted(registry, partition, from));
	}

	@Override
	public void handOffEnded(String registry, int partition, long nanos, boolean released) {
		each(registry, "handOffEnded", (listener) -> listener.handOffEnded(registry, partition, nanos, released));
	}

	/**
	 * For events off the hot paths, where a lambda per event costs nothing that counts.
	 */
	private void each(String registry, String event, Consumer<RegistryListener> call) {
		for (RegistryListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				failed(listener, registry, event, ex);
			}
		}
	}

	@Override
	public void registryDrained(DrainReport report) {
		each(report.registry(), "registryDrained", (listener) -> listener.registryDrained(report));
	}

	private static void failed(RegistryListener listener, String registry, String event, RuntimeException ex) {
		logger.log(Level.WARNING, "Registry '" + registry + "': listener " + listener.getClass().getName()
				+ " threw on " + event + "; the event is dropped for that listener", ex);
	}

}
