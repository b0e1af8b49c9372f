package dev.actorregistry.spring;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.RegistrySettings;
import dev.actorregistry.StateCodec;
import dev.actorregistry.StateStore;

/**
 * Every actor registry of the application, built from the {@link Actor @Actor} classes
 * and the {@code actors.*} properties. The lifecycle, the actuator endpoint, the health
 * contributor and the meters all find registries here.
 */
public class ActorRegistries implements DisposableBean {

	private final Map<String, Entry<?, ?>> entries = new LinkedHashMap<>();

	/**
	 * Build a registry for each definition.
	 * @param definitions the {@code @Actor} classes found
	 * @param properties the {@code actors.*} properties
	 * @param executor where turns run
	 * @param listeners the listeners every registry reports to
	 * @param beanFactory creates and destroys the actor instances
	 * @param stateStore where persistent actors keep their state, or {@code null} for
	 * nowhere
	 * @param stateCodec turns states into bytes; needed with a state store
	 * @throws InvalidActorsPropertyException if an override names no registry
	 */
	public ActorRegistries(List<ActorDefinition<?, ?>> definitions, ActorsProperties properties, ActorExecutor executor,
			List<RegistryListener> listeners, ConfigurableListableBeanFactory beanFactory,
			@Nullable StateStore stateStore, @Nullable StateCodec stateCodec) {
		if (stateStore != null && stateCodec == null) {
			throw new IllegalStateException("The application has a StateStore bean (" + stateStore.getClass().getName()
					+ ") but no StateCodec bean to turn actor states into bytes; define one, or add Jackson to use "
					+ "the JSON codec.");
		}
		List<String> names = definitions.stream().map(ActorDefinition::registryName).sorted().toList();
		for (String name : properties.registries().keySet()) {
			if (!names.contains(name)) {
				throw new InvalidActorsPropertyException("actors.registries." + name, name,
						"the name of an @Actor registry: one of " + names);
			}
		}
		RegistryListener listener = RegistryListener.allOf(listeners);
		for (ActorDefinition<?, ?> definition : definitions) {
			this.entries.put(definition.registryName(),
					Entry.build(definition, properties.settingsFor(definition.registryName()), executor, listener,
							beanFactory, properties.persistence().enabled() ? stateStore : null, stateCodec));
		}
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

	private record Entry<K, A>(ActorDefinition<K, A> definition, ActorRegistry<K, A> registry) {

		static <K, A> Entry<K, A> build(ActorDefinition<K, A> definition, RegistrySettings settings,
				ActorExecutor executor, RegistryListener listener, ConfigurableListableBeanFactory beanFactory,
				@Nullable StateStore stateStore, @Nullable StateCodec stateCodec) {
			ActorRegistryBuilder<K, A> builder = ActorRegistry.builder(definition.registryName(), definition.keyType(),
					new PrototypeActorFactory<>(beanFactory, definition));
			if (stateStore != null) {
				builder.stateStore(stateStore, Objects.requireNonNull(stateCodec))
					.snapshotInterval(settings.snapshotInterval())
					.writeThrough(settings.writeThrough());
			}
			ActorRegistry<K, A> registry = builder.idleTimeout(settings.idleTimeout())
				.maxActive(settings.maxActive())
				.mailboxCapacity(settings.mailboxCapacity())
				.failurePolicy(settings.failurePolicy())
				.drainTimeout(settings.drainTimeout())
				.executor(executor.executor())
				.listener(listener)
				.build();
			return new Entry<>(definition, registry);
		}

	}

}
