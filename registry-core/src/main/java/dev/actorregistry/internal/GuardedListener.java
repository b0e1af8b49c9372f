package dev.actorregistry.internal;

import java.lang.System.Logger.Level;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.DrainReport;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.StopReason;

/**
 * Passes events to the user's listener, so that a listener that throws is logged and
 * never breaks an actor's turn or the registry's bookkeeping.
 */
final class GuardedListener implements RegistryListener {

	private static final System.Logger logger = System.getLogger(GuardedListener.class.getName());

	private final RegistryListener delegate;

	GuardedListener(RegistryListener delegate) {
		this.delegate = delegate;
	}

	@Override
	public void actorStarted(String registry, Object key, long startNanos) {
		try {
			this.delegate.actorStarted(registry, key, startNanos);
		}
		catch (RuntimeException ex) {
			failed(registry, "actorStarted", ex);
		}
	}

	@Override
	public void actorStartFailed(String registry, Object key, Throwable cause) {
		try {
			this.delegate.actorStartFailed(registry, key, cause);
		}
		catch (RuntimeException ex) {
			failed(registry, "actorStartFailed", ex);
		}
	}

	@Override
	public void actorStopped(String registry, Object key, StopReason reason) {
		try {
			this.delegate.actorStopped(registry, key, reason);
		}
		catch (RuntimeException ex) {
			failed(registry, "actorStopped", ex);
		}
	}

	@Override
	public void actorRestarted(String registry, Object key, Throwable cause) {
		try {
			this.delegate.actorRestarted(registry, key, cause);
		}
		catch (RuntimeException ex) {
			failed(registry, "actorRestarted", ex);
		}
	}

	@Override
	public void messageProcessed(String registry, Object key, long waitNanos, long processNanos,
			@Nullable Throwable failure) {
		try {
			this.delegate.messageProcessed(registry, key, waitNanos, processNanos, failure);
		}
		catch (RuntimeException ex) {
			failed(registry, "messageProcessed", ex);
		}
	}

	@Override
	public void messageRejected(String registry, Object key, ActorRegistryException cause) {
		try {
			this.delegate.messageRejected(registry, key, cause);
		}
		catch (RuntimeException ex) {
			failed(registry, "messageRejected", ex);
		}
	}

	@Override
	public void hookFailed(String registry, Object key, String hook, Throwable cause) {
		try {
			this.delegate.hookFailed(registry, key, hook, cause);
		}
		catch (RuntimeException ex) {
			failed(registry, "hookFailed", ex);
		}
	}

	@Override
	public void registryDrained(DrainReport report) {
		try {
			this.delegate.registryDrained(report);
		}
		catch (RuntimeException ex) {
			failed(report.registry(), "registryDrained", ex);
		}
	}

	private void failed(String registry, String event, RuntimeException ex) {
		logger.log(Level.WARNING, "Registry '" + registry + "': listener " + this.delegate.getClass().getName()
				+ " threw on " + event + "; the event is dropped for that listener", ex);
	}

}
