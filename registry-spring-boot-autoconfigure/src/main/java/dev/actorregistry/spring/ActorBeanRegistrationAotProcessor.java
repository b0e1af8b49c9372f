package dev.actorregistry.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.javapoet.ClassName;

/**
 * Writes the code of the beans {@link ActorBeanRegistrar} defines for an actor (its
 * {@link ActorDefinition}, its {@code ActorRegistry<K, A>} and the {@code ActorClient} of
 * each of its contracts) in the actor's package: that code names the actor class or its
 * contract, which may be package-private or nested in a package-private class, as the
 * {@link Actor} Javadoc's example is. Spring would otherwise write it beside the class
 * the bean is made by, in this library's package, where such a class cannot be named.
 */
class ActorBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		ActorDefinition<?, ?> definition = ActorBeanRegistrar
			.actorDefinitionOf(registeredBean.getMergedBeanDefinition());
		return (definition != null) ? new InActorPackage(definition.actorType()) : null;
	}

	private record InActorPackage(Class<?> actorType) implements BeanRegistrationAotContribution {

		@Override
		public BeanRegistrationCodeFragments customizeBeanRegistrationCodeFragments(GenerationContext generationContext,
				BeanRegistrationCodeFragments codeFragments) {
			return new BeanRegistrationCodeFragmentsDecorator(codeFragments) {

				@Override
				public ClassName getTarget(RegisteredBean registeredBean) {
					return ClassName.get(InActorPackage.this.actorType);
				}

			};
		}

		@Override
		public void applyTo(GenerationContext generationContext, BeanRegistrationCode beanRegistrationCode) {
		}

	}

}
