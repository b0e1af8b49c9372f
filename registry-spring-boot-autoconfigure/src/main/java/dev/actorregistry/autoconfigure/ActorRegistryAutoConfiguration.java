package dev.actorregistry.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.actorregistry.RegistryListener;
import dev.actorregistry.StateCodec;
import dev.actorregistry.StateStore;
import dev.actorregistry.spring.ActorBeanRegistrar;
import dev.actorregistry.spring.ActorDefinition;
import dev.actorregistry.spring.ActorExecutor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.ActorRegistriesLifecycle;
import dev.actorregistry.spring.ActorsProperties;

/**
 * Turns every {@link dev.actorregistry.spring.Actor @Actor} class into a registry bean,
 * runs actors on the executor {@code actors.executor} asks for, and drains every registry
 * when the application stops.
 */
@AutoConfiguration
@EnableConfigurationProperties(ActorsProperties.class)
public final class ActorRegistryAutoConfiguration {

	@Bean
	static ActorBeanRegistrar actorBeanRegistrar() {
		return new ActorBeanRegistrar();
	}

	@Bean
	@ConditionalOnMissingBean
	ActorExecutor actorExecutor(ActorsProperties properties) {
		return ActorExecutor.create(properties.executor());
	}

	@Bean
	@ConditionalOnMissingBean
	ActorRegistries actorRegistries(ObjectProvider<ActorDefinition<?, ?>> definitions, ActorsProperties properties,
			ActorExecutor actorExecutor, ObjectProvider<RegistryListener> listeners,
			ConfigurableListableBeanFactory beanFactory, ObjectProvider<StateStore> stateStore,
			ObjectProvider<StateCodec> stateCodec) {
		return new ActorRegistries(definitions.orderedStream().toList(), properties, actorExecutor,
				listeners.orderedStream().toList(), beanFactory, stateStore.getIfAvailable(),
				stateCodec.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	ActorRegistriesLifecycle actorRegistriesLifecycle(ActorRegistries registries, ActorsProperties properties) {
		return new ActorRegistriesLifecycle(registries, properties.shutdown());
	}

}
