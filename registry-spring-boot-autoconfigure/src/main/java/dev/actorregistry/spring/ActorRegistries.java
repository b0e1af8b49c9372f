package dev.actorregistry.spring;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.convert.ConversionService;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.RegistrySettings;
import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.reminder.ReminderStore;

/**
 * Every actor registry of the application, built from the {@link Actor @Actor} classes
 * and each registry's settings. The lifecycle, the actuator endpoint, the health
 * contributor and the meters all find registries here.
 */
public class ActorRegistries implements DisposableBean {

	private final Map<String, Entry<?, ?>> entries = new LinkedHashMap<>();

	private final ConversionService conversionService;

	private final @Nullable StateStore stateStore;

	private final @Nullable RegistryClustering clustering;

	/**
	 * Build a registry for each definition.
	 * @param definitions the {@code @Actor} classes found
	 * @param settings each registry's settings, by registry name
	 * @param reminderSettings how registries fire durable reminders, or {@code null} to
	 * keep none even with a reminder store
	 * @param services what every registry is built with
	 * @param beanFactory creates and destroys the actor instances
	 * @throws InvalidSubscriptionException if a {@link Subscribe @Subscribe} method
	 * cannot receive messages
	 * @throws IllegalStateException if reminders are on and a registry's keys cannot be
	 * read back from text
	 */
	public ActorRegistries(List<ActorDefinition<?, ?>> definitions, Function<String, RegistrySettings> settings,
			@Nullable ReminderSettings reminderSettings, RegistryServices services,
			ConfigurableListableBeanFactory beanFactory) {
		this.conversionService = services.conversionService();
		this.stateStore = services.stateStore();
		this.clustering = services.clustering();
		RegistryListener listener = RegistryListener.allOf(services.listeners());
		try {
			for (ActorDefinition<?, ?> definition : definitions) {
				this.entries.put(definition.registryName(), Entry.build(definition,
						settings.apply(definition.registryName()), services, listener, beanFactory, reminderSettings));
			}
		}
		catch (RuntimeException ex) {
			// the context never sees this bean, so nothing else would stop the sweeps and
			// reminder polls of the registries already built
			destroy();
			throw ex;
		}
	}

	/**
	 * How keys given as text (a path of the actuator endpoint, a stored reminder) become
	 * each registry's key type: the application's conversions, as in
	 * {@code @PathVariable}.
	 * @return the conversion service
	 */
	public ConversionService conversionService() {
		return this.conversionService;
	}

	/**
	 * The registry of a name.
	 * @param name the registry's name
	 * @return the registry
	 * @throws IllegalArgumentException if there is none
	 */
	public ActorRegistry<?, ?> get(String name) {
		return find(name).orElseThrow(() -> new IllegalArgumentException(
				"No actor registry named '" + name + "'; the registries are " + this.entries.keySet()));
	}

	/**
	 * The registry of a name, if there is one.
	 * @param name the registry's name
	 * @return the registry
	 */
	public Optional<ActorRegistry<?, ?>> find(String name) {
		return Optional.ofNullable(this.entries.get(name)).map(Entry::registry);
	}

	/**
	 * The definition a registry was built from.
	 * @param name the registry's name
	 * @return its definition
	 */
	public Optional<ActorDefinition<?, ?>> definition(String name) {
		return Optional.ofNullable(this.entries.get(name)).map(Entry::definition);
	}

	/**
	 * Every registry, by name, in the order their actors were found.
	 * @return the registries
	 */
	public Map<String, ActorRegistry<?, ?>> all() {
		return Collections.unmodifiableMap(this.entries.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().registry(), (a, b) -> a,
					LinkedHashMap::new)));
	}

	/**
	 * Every registry.
	 * @return the registries
	 */
	public Collection<ActorRegistry<?, ?>> registries() {
		return all().values();
	}

	/**
	 * Close every registry that is still running: a backstop for contexts closed without
	 * their lifecycle having drained them.
	 */
	@Override
	public void destroy() {
		registries().forEach(ActorRegistry::close);
	}

	/**
	 * Whether a registry keeps durable reminders: the application has a reminder store
	 * and {@code actors.reminders.enabled} is on.
	 * @param name the registry's name
	 * @return true if its {@link ActorRegistry#reminders()} may be used; false for no
	 * such registry
	 */
	public boolean keepsReminders(String name) {
		Entry<?, ?> entry = this.entries.get(name);
		return entry != null && entry.keepsReminders();
	}

	/**
	 * Whether a registry's actors send and receive durably: they persist with
	 * write-through in a state store that keeps durable sends.
	 * @param name the registry's name
	 * @return true if its actors may call {@link dev.actorregistry.ActorContext#durable};
	 * false for no such registry
	 */
	public boolean sendsDurably(String name) {
		Entry<?, ?> entry = this.entries.get(name);
		return entry != null && entry.sendsDurably();
	}

	/**
	 * The cluster a registry shares its keys in.
	 * @param name the registry's name
	 * @return the cluster; empty if there is none, the registry opted out, or there is no
	 * such registry
	 */
	public Optional<ActorCluster> cluster(String name) {
		Entry<?, ?> entry = this.entries.get(name);
		return (entry != null && entry.clustered() && this.clustering != null) ? Optional.of(this.clustering.cluster())
				: Optional.empty();
	}

	/**
	 * The durable sends of one actor that are not delivered yet, read from the state
	 * store without starting the actor.
	 * @param name the registry's name
	 * @param key the actor's key as text
	 * @return the sends, oldest first; empty if the registry does not send durably, or
	 * the key is longer than the store keeps (no such actor can have sent anything)
	 */
	public List<DurableSend> pendingDurableSends(String name, String key) {
		StateStore store = this.stateStore;
		if (store == null || !sendsDurably(name) || key.length() > store.maxKeyLength()) {
			return List.of();
		}
		return store.outbox(name, key);
	}

	private record Entry<K, A>(ActorDefinition<K, A> definition, ActorRegistry<K, A> registry, boolean keepsReminders,
			boolean sendsDurably, boolean clustered) {

		static <K, A> Entry<K, A> build(ActorDefinition<K, A> definition, RegistrySettings settings,
				RegistryServices services, RegistryListener listener, ConfigurableListableBeanFactory beanFactory,
				@Nullable ReminderSettings reminderSettings) {
			ActorRegistryBuilder<K, A> builder = ActorRegistry.builder(definition.registryName(), definition.keyType(),
					new PrototypeActorFactory<>(beanFactory, definition));
			StateStore stateStore = services.stateStore();
			// Only for actors that persist: the store's limits (such as its longest key)
			// then bind only the registries whose actors it keeps.
			if (stateStore != null && settings.persistent()
					&& PersistentActor.class.isAssignableFrom(definition.actorType())) {
				builder.stateStore(stateStore, Objects.requireNonNull(services.stateCodec()))
					.snapshotInterval(settings.snapshotInterval())
					.writeThrough(settings.writeThrough());
			}
			boolean sendsDurably = false;
			if (stateStore != null && settings.persistent()
					&& PersistentActor.class.isAssignableFrom(definition.actorType())
					&& services.durableSends(settings.writeThrough())) {
				builder.durableSends(Objects.requireNonNull(services.invocationCodec()),
						Objects.requireNonNull(services.invocationRouter()));
				sendsDurably = true;
			}
			ReminderStore reminderStore = services.reminderStore();
			boolean keepsReminders = false;
			if (reminderStore != null && reminderSettings != null) {
				builder.reminders(reminderStore, reminderSettings);
				keepsReminders = true;
			}
			if (keepsReminders || sendsDurably) {
				builder.keyParser(keyParser(definition, services.conversionService(), keepsReminders, sendsDurably));
			}
			if (services.clock() != null) {
				builder.clock(services.clock());
			}
			if (services.contextPropagator() != null) {
				builder.contextPropagator(services.contextPropagator());
			}
			RegistryClustering clustering = services.clustering();
			boolean clustered = false;
			if (clustering != null && clustering.includes(definition.registryName())) {
				builder.cluster(clustering.cluster(), clustering.codec());
				clustered = true;
			}
			DeclaredSubscriptions.of(definition, services.conversionService()).forEach(builder::subscribe);
			ActorRegistry<K, A> registry = builder.idleTimeout(settings.idleTimeout())
				.maxActive(settings.maxActive())
				.mailboxCapacity(settings.mailboxCapacity())
				.failurePolicy(settings.failurePolicy())
				.drainTimeout(settings.drainTimeout())
				.askTimeout(settings.askTimeout())
				.startTimeout(settings.startTimeout())
				.executor(services.executor().executor())
				.callerRuns(CallerRunsCondition.get())
				.listener(listener)
				.topics(services.topics())
				.build();
			return new Entry<>(definition, registry, keepsReminders, sendsDurably, clustered);
		}

		/**
		 * Reads back the keys that reminders and durable sends keep as text, as the
		 * actuator endpoint and web requests convert them.
		 */
		private static <K> Function<String, K> keyParser(ActorDefinition<K, ?> definition,
				ConversionService conversionService, boolean keepsReminders, boolean sendsDurably) {
			Class<K> keyType = definition.keyType();
			if (!conversionService.canConvert(String.class, keyType)) {
				// An application that never registers a reminder for such keys, nor sends
				// to them durably, must still start: doing so fails, saying this.
				String uses = (keepsReminders && sendsDurably) ? "keeps durable reminders and receives durable sends"
						: keepsReminders ? "keeps durable reminders" : "receives durable sends";
				String orElse = (keepsReminders ? "; or set actors.reminders.enabled=false" : "")
						+ (sendsDurably ? "; or make no durable sends to it" : "");
				return (text) -> {
					throw new IllegalStateException("Registry '" + definition.registryName() + "' " + uses
							+ ", which store its keys as text, but nothing converts a String to " + keyType.getName()
							+ ". Give " + keyType.getSimpleName()
							+ " a public static valueOf, of or from method taking a String, or a public constructor "
							+ "taking one; or define a ConversionService bean named 'conversionService' that converts "
							+ "String to " + keyType.getSimpleName() + orElse + ".");
				};
			}
			return (text) -> {
				K key = conversionService.convert(text, keyType);
				if (key == null) {
					throw new IllegalArgumentException("'" + text + "' converts to no " + keyType.getName());
				}
				return key;
			};
		}

	}

}
