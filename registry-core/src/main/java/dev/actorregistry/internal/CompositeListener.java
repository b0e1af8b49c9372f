package dev.actorregistry.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.DrainReport;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.StopReason;

/**
 * Passes every event to several listeners in order. Each is guarded by the registry on
 * its own, so one that throws does not keep the event from the others.
 */
public final class CompositeListener implements RegistryListener {

	private final RegistryListener[] listeners;

	/**
	 * Create a composite.
	 * @param listeners the listeners, in the order they hear events
	 */
	public CompositeListener(List<? extends RegistryListener> listeners) {
		this.listeners = listeners.stream().map(GuardedListener::new).toArray(RegistryListener[]::new);
	}

	@Override
	public void actorStarted(String registry, Object key, long startNanos) {
		for (RegistryListener listener : this.listeners) {
			listener.actorStarted(registry, key, startNanos);
		}
	}

	@Override
	public void actorStartFailed(String registry, Object key, Throwable cause) {
		for (RegistryListener listener : this.listeners) {
			listener.actorStartFailed(registry, key, cause);
		}
	}

	@Override
	public void actorStopped(String registry, Object key, StopReason reason) {
		for (RegistryListener listener : this.listeners) {
			listener.actorStopped(registry, key, reason);
		}
	}

	@Override
	public void actorRestarted(String registry, Object key, Throwable cause) {
		for (RegistryListener listener : this.listeners) {
			listener.actorRestarted(registry, key, cause);
		}
	}

	@Override
	public void messageProcessed(String registry, Object key, long waitNanos, long processNanos,
			@Nullable Throwable failure) {
		for (RegistryListener listener : this.listeners) {
			listener.messageProcessed(registry, key, waitNanos, processNanos, failure);
		}
	}

	@Override
	public void messageRejected(String registry, Object key, ActorRegistryException cause) {
		for (RegistryListener listener : this.listeners) {
			listener.messageRejected(registry, key, cause);
		}
	}

	@Override
	public void hookFailed(String registry, Object key, String hook, Throwable cause) {
		for (RegistryListener listener : this.listeners) {
			listener.hookFailed(registry, key, hook, cause);
		}
	}

	@Override
	public void registryDrained(DrainReport report) {
		for (RegistryListener listener : this.listeners) {
			listener.registryDrained(report);
		}
	}

}
