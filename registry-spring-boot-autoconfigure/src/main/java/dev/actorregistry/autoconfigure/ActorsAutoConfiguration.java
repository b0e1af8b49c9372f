package dev.actorregistry.autoconfigure;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.Environment;

import dev.actorregistry.ContextPropagator;
import dev.actorregistry.RegistryClock;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.Topics;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.invocation.InvocationRouter;
import dev.actorregistry.invocation.LocalInvocationRouter;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.spring.ActorBeanRegistrar;
import dev.actorregistry.spring.ActorDefinition;
import dev.actorregistry.spring.ActorExecutor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.ActorRegistriesLifecycle;
import dev.actorregistry.spring.RegistryServices;
import dev.actorregistry.spring.RegistryClustering;
import dev.actorregistry.spring.jackson.JacksonInvocationCodec;

/**
 * Turns every {@link dev.actorregistry.spring.Actor @Actor} class into a registry bean,
 * runs actors on the executor {@code actors.executor} asks for (virtual threads when
 * {@code spring.threads.virtual.enabled} is true and it asks for none), and drains every
 * registry when the application stops. Every registry shares one {@link Topics} bean, and
 * keeps durable reminders when the application has a {@link ReminderStore} bean (unless
 * {@code actors.reminders.enabled} is false). A {@link RegistryClock} bean, if there is
 * one, is the time every registry reads: tests advance it instead of sleeping.
 * <p>
 * Each {@link ActorInterface @ActorInterface} an actor class implements becomes an
 * {@link dev.actorregistry.invocation.ActorClient} bean, checked at start-up with the
 * {@link InvocationCodec} bean: a {@link JacksonInvocationCodec} on the application's
 * {@link JsonMapper} unless the application has one of its own.
 * <p>
 * Every registry whose actors persist with write-through in a state store that
 * {@link StateStore#keepsDurableSends() keeps durable sends} sends and receives durably
 * ({@link dev.actorregistry.ActorContext#durable}) with that codec and the one
 * {@link InvocationRouter} bean: a {@link LocalInvocationRouter} between the registries
 * of this process, unless the application (or a cluster module) has one of its own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(ActorsProperties.class)
public final class ActorsAutoConfiguration {

	@Bean
	static ActorBeanRegistrar actorBeanRegistrar() {
		return new ActorBeanRegistrar();
	}

	@Bean
	@ConditionalOnMissingBean
	ActorExecutor actorExecutor(ActorsProperties properties, Environment environment) {
		return actorExecutor(properties.executor(), Threading.VIRTUAL.isActive(environment));
	}

	// Without a type of its own, the executor follows spring.threads.virtual.enabled, as
	// Spring Boot's own executors do.
	private static ActorExecutor actorExecutor(ActorsProperties.Executor properties, boolean virtualThreads) {
		ActorsProperties.ExecutorType type = properties.type();
		if (type == null) {
			type = virtualThreads ? ActorsProperties.ExecutorType.VIRTUAL : ActorsProperties.ExecutorType.FORK_JOIN;
		}
		return switch (type) {
			case FORK_JOIN -> ActorExecutor.forkJoin();
			case BOUNDED -> ActorExecutor.bounded(properties.poolSize());
			case VIRTUAL -> virtualThreads();
		};
	}

	private static ActorExecutor virtualThreads() {
		try {
			return ActorExecutor.virtualThreads();
		}
		catch (UnsupportedOperationException ex) {
			throw new InvalidConfigurationPropertyValueException("actors.executor.type", "virtual",
					"It must be fork-join or bounded on this JVM (Java " + Runtime.version().feature()
							+ "); virtual threads need Java 21 or newer.");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	Topics actorTopics() {
		return Topics.create();
	}

	@Bean
	@ConditionalOnMissingBean
	InvocationRouter actorInvocationRouter() {
		return new LocalInvocationRouter();
	}

	@Bean
	@ConditionalOnMissingBean
	ActorRegistries actorRegistries(ObjectProvider<ActorDefinition<?, ?>> definitions, ActorsProperties properties,
			ActorExecutor actorExecutor, ObjectProvider<RegistryListener> listeners, Topics topics,
			ConfigurableListableBeanFactory beanFactory, ObjectProvider<RegistryClock> clock,
			ObjectProvider<StateStore> stateStore, ObjectProvider<StateCodec> stateCodec,
			ObjectProvider<ReminderStore> reminderStore, ObjectProvider<ContextPropagator> contextPropagator,
			ObjectProvider<InvocationCodec> invocationCodec, ObjectProvider<InvocationRouter> invocationRouter,
			ObjectProvider<RegistryClustering> clustering) {
		List<ActorDefinition<?, ?>> found = definitions.orderedStream().toList();
		properties.checkOverridesNameRegistries(found.stream().map(ActorDefinition::registryName).toList());
		RegistryServices services = new RegistryServices(actorExecutor, listeners.orderedStream().toList(), topics,
				conversionService(beanFactory), clock.getIfUnique(), stateStore.getIfAvailable(),
				stateCodec.getIfAvailable(), reminderStore.getIfAvailable(), contextPropagator.getIfAvailable(),
				invocationCodec.getIfAvailable(), invocationRouter.getIfAvailable(), clustering.getIfAvailable());
		ActorsProperties.Reminders reminders = properties.reminders();
		return new ActorRegistries(found, properties::settingsFor, reminders.enabled() ? reminders.settings() : null,
				services, beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	ActorRegistriesLifecycle actorRegistriesLifecycle(ActorRegistries registries, ActorsProperties properties) {
		ActorsProperties.Shutdown shutdown = properties.shutdown();
		return new ActorRegistriesLifecycle(registries, shutdown.drainTimeout(), shutdown.phase());
	}

	/** The JSON codec of actors' invocations. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JsonInvocationCodecConfiguration {

		@Bean
		@ConditionalOnMissingBean(InvocationCodec.class)
		@ConditionalOnBean(JsonMapper.class)
		JacksonInvocationCodec actorInvocationCodec(JsonMapper jsonMapper) {
			return new JacksonInvocationCodec(jsonMapper);
		}

	}

	// The application's own conversions first, so keys convert as they do in
	// @PathVariable, @Value and the actuator endpoint; the shared instance when the
	// context has none.
	private static ConversionService conversionService(ConfigurableListableBeanFactory beanFactory) {
		ConversionService conversionService = beanFactory.getConversionService();
		return (conversionService != null) ? conversionService : ApplicationConversionService.getSharedInstance();
	}

}
