package dev.actorregistry.spring;

import java.beans.Introspector;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
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

/**
 * Finds the {@link Actor @Actor} beans that component scanning registered, and registers
 * for each an {@link ActorDefinition} and an {@code ActorRegistry<K, A>} bean, typed with
 * its generics so it can be injected by them. Also makes {@link ActorContext} injectable
 * into actors.
 */
public class ActorBeanRegistrar implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware {

	/**
	 * Suffix of the registry beans' names: the registry {@code cart} is the bean
	 * {@code cartActorRegistry}.
	 */
	public static final String REGISTRY_BEAN_SUFFIX = "ActorRegistry";

	private static final String DEFINITION_BEAN_SUFFIX = "ActorDefinition";

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

	private void register(BeanDefinitionRegistry registry, ActorDefinition<?, ?> definition) {
		String name = definition.registryName();
		RootBeanDefinition definitionBean = new RootBeanDefinition(ActorDefinition.class);
		definitionBean.setInstanceSupplier(() -> definition);
		definitionBean.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition(name + DEFINITION_BEAN_SUFFIX, definitionBean);

		RootBeanDefinition registryBean = new RootBeanDefinition(ActorRegistry.class);
		registryBean.setTargetType(
				ResolvableType.forClassWithGenerics(ActorRegistry.class, definition.keyType(), definition.actorType()));
		// ActorRegistries owns the registry: it drains and closes it, so no destroy
		// method here
		registryBean.setInstanceSupplier(() -> beanFactory().getBean(ActorRegistries.class).get(name));
		registry.registerBeanDefinition(name + REGISTRY_BEAN_SUFFIX, registryBean);
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		beanFactory.registerResolvableDependency(ActorContext.class, new ActorCreation.ContextFactory());
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
