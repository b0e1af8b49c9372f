package dev.actorregistry.internal;

import java.lang.System.Logger.Level;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorFactory;
import dev.actorregistry.ActorLifecycle;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ActorStartException;
import dev.actorregistry.StopReason;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.StateLoadException;

/**
 * Creates and ends the instances of one registry's actors: the factory, the state load
 * and {@code onStart}; then {@code onStop} and the factory's {@code destroy}. A hook that
 * throws while an instance ends is reported and logged, and the instance is destroyed
 * anyway. Each call runs on the activation's own start or turn.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
final class ActorInstances<K, A> {

	private static final System.Logger logger = System.getLogger(ActorInstances.class.getName());

	private final String registry;

	private final ActorFactory<K, A> factory;

	private final CompositeListener listener;

	/** Loads the state of persistent actors; null without a state store. */
	private final @Nullable StatePersistence persistence;

	private volatile boolean warnedNotPersisted;

	ActorInstances(String registry, ActorFactory<K, A> factory, CompositeListener listener,
			@Nullable StatePersistence persistence) {
		this.registry = registry;
		this.factory = factory;
		this.listener = listener;
		this.persistence = persistence;
	}

	/**
	 * Create and start an instance for an activation: the factory, the state load, then
	 * {@code onStart}. The activation is given the state it owns before {@code onStart}
	 * runs.
	 * @throws ActorStartException if either fails; a created instance is destroyed
	 * @throws StateLoadException if its state could not be loaded; the instance is
	 * destroyed
	 */
	A create(Activation<K, A> activation) {
		K key = activation.key();
		A instance;
		try {
			instance = this.factory.create(key, activation);
		}
		catch (RuntimeException | Error ex) {
			throw new ActorStartException(this.registry, key, "its factory threw " + ex.getClass().getName(), ex);
		}
		if (instance == null) {
			throw new ActorStartException(this.registry, key, "its factory returned null", null);
		}
		activation.loaded(loadState(key, instance));
		if (instance instanceof ActorLifecycle lifecycle) {
			try {
				lifecycle.onStart();
			}
			catch (RuntimeException | Error ex) {
				destroy(key, instance);
				throw new ActorStartException(this.registry, key, "its onStart threw " + ex.getClass().getName(), ex);
			}
		}
		return instance;
	}

	private @Nullable PersistedState loadState(K key, A instance) {
		if (!(instance instanceof PersistentActor<?> persistent)) {
			return null;
		}
		if (this.persistence == null) {
			if (!this.warnedNotPersisted) {
				this.warnedNotPersisted = true;
				logger.log(Level.WARNING, "Registry '" + this.registry + "': " + instance.getClass().getName()
						+ " is a PersistentActor, but the registry has no state store, so its state lives in memory"
						+ " only. Give the registry a state store (ActorRegistryBuilder.stateStore).");
			}
			return null;
		}
		try {
			return this.persistence.load(key, persistent);
		}
		catch (RuntimeException | Error ex) {
			destroy(key, instance);
			throw new StateLoadException(this.registry, key, ex);
		}
	}

	/** End the life of an activation's current instance, if it has one. */
	void end(Activation<K, A> activation, StopReason reason) {
		A instance = activation.actor();
		if (instance != null) {
			end(activation.key(), instance, reason);
		}
	}

	private void end(K key, A instance, StopReason reason) {
		if (instance instanceof ActorLifecycle lifecycle) {
			try {
				lifecycle.onStop(reason);
			}
			catch (RuntimeException | Error ex) {
				this.listener.hookFailed(this.registry, key, "onStop", ex);
				logger.log(Level.WARNING, "Registry '" + this.registry + "': onStop of actor '"
						+ ActorRegistryException.keyText(key) + "' threw", ex);
			}
		}
		destroy(key, instance);
	}

	private void destroy(K key, A instance) {
		try {
			this.factory.destroy(key, instance);
		}
		catch (RuntimeException | Error ex) {
			this.listener.hookFailed(this.registry, key, "destroy", ex);
			logger.log(Level.WARNING, "Registry '" + this.registry + "': destroying actor '"
					+ ActorRegistryException.keyText(key) + "' threw", ex);
		}
	}

}
