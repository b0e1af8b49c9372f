package dev.actorregistry.spring;

import java.beans.Introspector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GeneratedMethod;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContextException;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.invocation.InvocationCodec;

/**
 * Finds the {@link Actor @Actor} beans that component scanning registered, and registers
 * for each an {@link ActorDefinition} and an {@code ActorRegistry<K, A>} bean, typed with
 * its generics so it can be injected by them. Also makes {@link ActorContext} injectable
 * into actors.
 * <p>
 * The bean definitions are plain (a class, constructor arguments, a factory method), so
 * AOT processing writes them as code, and in an AOT-processed application this registrar
 * does not run: see {@link #processAheadOfTime}.
 * <p>
 * Public, as are {@link #registry} and {@link #registerActorContext}, because the code
 * AOT processing writes into the application's own package calls them, and the
 * auto-configuration declares the registrar from another package.
 */
public class ActorBeanRegistrar
		implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware, BeanFactoryInitializationAotProcessor {

	/**
	 * Suffix of the registry beans' names: the registry {@code cart} is the bean
	 * {@code cartActorRegistry}.
	 */
	public static final String REGISTRY_BEAN_SUFFIX = "ActorRegistry";

	private static final String CLIENT_BEAN_SUFFIX = "Client";

	private static final String DEFINITION_BEAN_SUFFIX = "ActorDefinition";

	private static final String ACTOR_DEFINITION_ATTRIBUTE = ActorDefinition.class.getName();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Map<String, String> beansByRegistry = new HashMap<>();
		for (String beanName : registry.getBeanDefinitionNames()) {
			Class<?> actorType = resolveClass(registry.getBeanDefinition(beanName), beanFactory().getBeanClassLoader());
			MergedAnnotation<Actor> actor = (actorType != null) ? MergedAnnotations.from(actorType).get(Actor.class)
					: MergedAnnotation.missing();
			if (!actor.isPresent() || actorType == null) {
				continue;
			}
			ActorDefinition<?, ?> definition = new ActorDefinition<>(registryName(actor, actorType), beanName,
					actor.getClass("keyType"), actorType);
			String clash = beansByRegistry.put(definition.registryName(), beanName);
			if (clash != null) {
				throw new ApplicationContextException(
						"Two @Actor classes, beans '" + clash + "' and '" + beanName + "', both name the registry '"
								+ definition.registryName() + "'. Give one of them another name with @Actor(\"...\").");
			}
			register(registry, definition);
		}
	}

	// Described by class, constructor arguments and factory method rather than by
	// instance suppliers, so that AOT processing can write them as code (see
	// ActorBeanRegistrationAotProcessor); the ActorDefinition attribute is for the AOT
	// processors only and is not written.
	private void register(BeanDefinitionRegistry registry, ActorDefinition<?, ?> definition) {
		String name = definition.registryName();
		RootBeanDefinition definitionBean = new RootBeanDefinition(ActorDefinition.class);
		ConstructorArgumentValues arguments = definitionBean.getConstructorArgumentValues();
		arguments.addIndexedArgumentValue(0, definition.registryName());
		arguments.addIndexedArgumentValue(1, definition.beanName());
		arguments.addIndexedArgumentValue(2, definition.keyType());
		arguments.addIndexedArgumentValue(3, definition.actorType());
		definitionBean.setAttribute(ACTOR_DEFINITION_ATTRIBUTE, definition);
		definitionBean.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition(name + DEFINITION_BEAN_SUFFIX, definitionBean);

		RootBeanDefinition registryBean = new RootBeanDefinition(ActorBeanRegistrar.class);
		registryBean.setFactoryMethodName("registry");
		registryBean.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
		registryBean.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
		registryBean.setTargetType(
				ResolvableType.forClassWithGenerics(ActorRegistry.class, definition.keyType(), definition.actorType()));
		registryBean.setAttribute(ACTOR_DEFINITION_ATTRIBUTE, definition);
		// ActorRegistries owns the registry and drains it; the close() Spring infers for
		// an AutoCloseable bean finds it drained already
		registry.registerBeanDefinition(name + REGISTRY_BEAN_SUFFIX, registryBean);

		for (Class<?> contract : contractsOf(definition.actorType())) {
			RootBeanDefinition clientBean = new RootBeanDefinition(ActorBeanRegistrar.class);
			clientBean.setFactoryMethodName("client");
			clientBean.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
			clientBean.getConstructorArgumentValues().addIndexedArgumentValue(1, name);
			clientBean.getConstructorArgumentValues().addIndexedArgumentValue(2, contract);
			clientBean
				.setTargetType(ResolvableType.forClassWithGenerics(ActorClient.class, definition.keyType(), contract));
			// its code is written in the actor's package too: it names the contract,
			// which
			// the actor's package can see
			clientBean.setAttribute(ACTOR_DEFINITION_ATTRIBUTE, definition);
			registry.registerBeanDefinition(name + contract.getSimpleName() + CLIENT_BEAN_SUFFIX, clientBean);
		}
	}

	/**
	 * The contracts of an actor class: the interfaces it implements that are annotated
	 * {@link ActorInterface @ActorInterface}.
	 */
	static Set<Class<?>> contractsOf(Class<?> actorType) {
		Set<Class<?>> contracts = new LinkedHashSet<>();
		for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(actorType)) {
			if (type.isAnnotationPresent(ActorInterface.class)) {
				contracts.add(type);
			}
		}
		return contracts;
	}

	/**
	 * The factory method of the client beans this registrar defines, one per contract of
	 * each actor, {@code accountAccountClient} and the like; not for applications to
	 * call. Each operation of the contract is checked with the application's invocation
	 * codec, when it has one, so that a contract whose calls could not be stored or sent
	 * fails the start-up.
	 * @param registries every registry of the application
	 * @param name the registry's name
	 * @param contract the contract
	 * @param codec the application's invocation codec, if any
	 * @return the client
	 */
	public static ActorClient<?, ?> client(ActorRegistries registries, String name, Class<?> contract,
			ObjectProvider<InvocationCodec> codec) {
		ActorClient<?, ?> client = registries.get(name).client(contract);
		codec.ifAvailable((available) -> client.contract().operations().forEach(available::check));
		return client;
	}

	/**
	 * The factory method of the registry beans this registrar defines,
	 * {@code cartActorRegistry} and the like; not for applications to call.
	 * @param registries every registry of the application
	 * @param name the registry's name
	 * @return the registry
	 */
	public static ActorRegistry<?, ?> registry(ActorRegistries registries, String name) {
		return registries.get(name);
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		registerActorContext(beanFactory);
	}

	/**
	 * Make {@link ActorContext} injectable into actors. Called by this registrar, and by
	 * the code AOT processing writes in its place; not for applications to call.
	 * @param beanFactory the application's bean factory
	 */
	public static void registerActorContext(ConfigurableListableBeanFactory beanFactory) {
		beanFactory.registerResolvableDependency(ActorContext.class, new ActorCreation.ContextFactory());
	}

	/**
	 * Instead of running again in an AOT-processed application, where its bean
	 * definitions are code already, this registrar leaves there the one call that is not
	 * a bean definition, {@link #registerActorContext}, and the runtime hints of every
	 * actor.
	 */
	@Override
	public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
		List<ActorDefinition<?, ?>> definitions = actorDefinitions(beanFactory);
		return (generationContext, code) -> {
			definitions
				.forEach((definition) -> ActorTypeHints.register(generationContext.getRuntimeHints(), definition));
			GeneratedMethod method = code.getMethods()
				.add("registerActorContext",
						(builder) -> builder.addJavadoc("Make ActorContext injectable into actors.")
							.addModifiers(Modifier.PUBLIC, Modifier.STATIC)
							.addParameter(ConfigurableListableBeanFactory.class, "beanFactory")
							.addStatement("$T.registerActorContext(beanFactory)", ActorBeanRegistrar.class));
			code.addInitializer(method.toMethodReference());
		};
	}

	/**
	 * The actor definitions this registrar registered in a bean factory.
	 * @param beanFactory the bean factory, its definitions registered and not yet
	 * instantiated
	 * @return the definitions, in the order of their beans
	 */
	static List<ActorDefinition<?, ?>> actorDefinitions(ConfigurableListableBeanFactory beanFactory) {
		List<ActorDefinition<?, ?>> definitions = new ArrayList<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			// both beans of an actor carry its definition: count it once
			ActorDefinition<?, ?> definition = actorDefinitionOf(beanFactory.getBeanDefinition(beanName));
			if (definition != null && beanName.endsWith(DEFINITION_BEAN_SUFFIX)) {
				definitions.add(definition);
			}
		}
		return definitions;
	}

	/**
	 * The definition of the actor a bean definition of this registrar is for.
	 * @param beanDefinition a bean definition
	 * @return the actor's definition, or {@code null} if the bean is not one of this
	 * registrar's
	 */
	static @Nullable ActorDefinition<?, ?> actorDefinitionOf(BeanDefinition beanDefinition) {
		return (beanDefinition.getAttribute(ACTOR_DEFINITION_ATTRIBUTE) instanceof ActorDefinition<?, ?> definition)
				? definition : null;
	}

	private ConfigurableListableBeanFactory beanFactory() {
		Assert.state(this.beanFactory != null, "No bean factory");
		return this.beanFactory;
	}

	private static @Nullable Class<?> resolveClass(BeanDefinition definition, @Nullable ClassLoader classLoader) {
		String className = definition.getBeanClassName();
		if (className == null || definition.getFactoryMethodName() != null) {
			return null;
		}
		return ClassUtils.resolveClassName(className, classLoader);
	}

	private static String registryName(MergedAnnotation<Actor> actor, Class<?> actorType) {
		String name = actor.getString("name");
		return StringUtils.hasText(name) ? name : Introspector.decapitalize(actorType.getSimpleName());
	}

}
