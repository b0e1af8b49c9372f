package dev.actorregistry.spring;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorFactory;

/**
 * Creates actors as instances of their prototype bean, and destroys them when they stop:
 * Spring never destroys prototype instances itself, so {@code @PreDestroy} runs only
 * because the registry asks for it here.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
final class PrototypeActorFactory<K, A> implements ActorFactory<K, A> {

	private final ConfigurableListableBeanFactory beanFactory;

	private final ActorDefinition<K, A> definition;

	PrototypeActorFactory(ConfigurableListableBeanFactory beanFactory, ActorDefinition<K, A> definition) {
		this.beanFactory = beanFactory;
		this.definition = definition;
	}

	@Override
	public A create(K key, ActorContext<K> context) {
		ActorContext<?> outer = ActorCreation.begin(context);
		try {
			return this.beanFactory.getBean(this.definition.beanName(), this.definition.actorType());
		}
		finally {
			ActorCreation.end(outer);
		}
	}

	@Override
	public void destroy(K key, A actor) {
		this.beanFactory.destroyBean(this.definition.beanName(), actor);
	}

}
