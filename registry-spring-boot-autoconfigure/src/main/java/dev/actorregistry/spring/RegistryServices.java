package dev.actorregistry.spring;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionService;

import dev.actorregistry.ContextPropagator;
import dev.actorregistry.RegistryClock;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.Topics;
import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.invocation.InvocationRouter;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.ReminderStore;

/**
 * What every registry of the application is built with, besides its own settings: the
 * beans the registries share. Public so the auto-configuration, in another package, can
 * hand them to {@link ActorRegistries}.
 *
 * @param executor where turns run
 * @param listeners the listeners every registry reports to
 * @param topics the topics every registry's actors subscribe to and publish on
 * @param conversionService turns keys given as text ({@link Subscribe#activate}, stored
 * reminders) into each registry's key type
 * @param clock the time every registry reads, or {@code null} for the system clock
 * @param stateStore where persistent actors keep their state, or {@code null} for nowhere
 * @param stateCodec turns states into bytes; needed with a state store
 * @param reminderStore where durable reminders are kept, or {@code null} for no reminders
 * @param contextPropagator carries each sender's context to its turns, or {@code null}
 * for none
 * @param invocationCodec writes the arguments of durable sends, or {@code null} for no
 * durable sends
 * @param invocationRouter carries durable sends between registries, or {@code null} for
 * no durable sends
 * @param clustering which registries share their keys with the other members of a
 * cluster, or {@code null} for no cluster
 */
public record RegistryServices(ActorExecutor executor, List<RegistryListener> listeners, Topics topics,
		ConversionService conversionService, @Nullable RegistryClock clock, @Nullable StateStore stateStore,
		@Nullable StateCodec stateCodec, @Nullable ReminderStore reminderStore,
		@Nullable ContextPropagator contextPropagator, @Nullable InvocationCodec invocationCodec,
		@Nullable InvocationRouter invocationRouter, @Nullable RegistryClustering clustering) {

	/**
	 * Services without a cluster.
	 * @param executor where turns run
	 * @param listeners the listeners every registry reports to
	 * @param topics the topics every registry's actors subscribe to and publish on
	 * @param conversionService turns keys given as text into each registry's key type
	 * @param clock the time every registry reads, or {@code null} for the system clock
	 * @param stateStore where persistent actors keep their state, or {@code null}
	 * @param stateCodec turns states into bytes; needed with a state store
	 * @param reminderStore where durable reminders are kept, or {@code null}
	 * @param contextPropagator carries each sender's context to its turns, or
	 * {@code null}
	 * @param invocationCodec writes the arguments of durable sends, or {@code null}
	 * @param invocationRouter carries durable sends between registries, or {@code null}
	 */
	public RegistryServices(ActorExecutor executor, List<RegistryListener> listeners, Topics topics,
			ConversionService conversionService, @Nullable RegistryClock clock, @Nullable StateStore stateStore,
			@Nullable StateCodec stateCodec, @Nullable ReminderStore reminderStore,
			@Nullable ContextPropagator contextPropagator, @Nullable InvocationCodec invocationCodec,
			@Nullable InvocationRouter invocationRouter) {
		this(executor, listeners, topics, conversionService, clock, stateStore, stateCodec, reminderStore,
				contextPropagator, invocationCodec, invocationRouter, null);
	}

	/**
	 * Whether a registry whose actors persist through the state store, saved after every
	 * message, sends and receives durably: the store keeps durable sends, and there are a
	 * codec and a router for them.
	 * @param writeThrough whether the registry saves after every message
	 * @return whether to build it with durable sends
	 */
	public boolean durableSends(boolean writeThrough) {
		return writeThrough && this.stateStore != null && this.stateStore.keepsDurableSends()
				&& this.invocationCodec != null && this.invocationRouter != null;
	}

	/**
	 * Check the services.
	 * @throws IllegalStateException if there is a state store but no codec
	 */
	public RegistryServices {
		Objects.requireNonNull(executor, "executor must not be null");
		Objects.requireNonNull(topics, "topics must not be null");
		Objects.requireNonNull(conversionService, "conversionService must not be null");
		listeners = List.copyOf(listeners);
		if (stateStore != null && stateCodec == null) {
			throw new IllegalStateException("The application has a StateStore bean (" + stateStore.getClass().getName()
					+ ") but no StateCodec bean to turn actor states into bytes; define one, or add Jackson to use "
					+ "the JSON codec.");
		}
	}

}
