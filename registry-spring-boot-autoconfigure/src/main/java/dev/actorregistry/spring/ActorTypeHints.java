package dev.actorregistry.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.core.ResolvableType;

import dev.actorregistry.invocation.ActorContract;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.invocation.Operation;
import dev.actorregistry.persistence.PersistentActor;

/**
 * The runtime hints one {@link Actor @Actor} class needs in a native image, for what the
 * library does by reflection at run time:
 * <ul>
 * <li>the actor class, whose {@code PersistentActor} type argument
 * {@link PersistentActor#stateType()} reads and whose {@link Subscribe @Subscribe}
 * methods the registry looks up;</li>
 * <li>each {@code @Subscribe} method, invoked for every message of its topic;</li>
 * <li>the key type's public factory methods and constructors, which read back keys kept
 * as text (reminders, {@code @Subscribe(activate = ...)});</li>
 * <li>the state type of a {@link PersistentActor}, as the JSON codec binds it: its
 * constructors, fields, accessors and the types they hold;</li>
 * <li>each {@link ActorInterface @ActorInterface} the actor implements: a JDK proxy of it
 * for its {@code ActorClient}, its methods, which the registry invokes in the actor's
 * turn, and the types of their parameters and results, as the JSON codec binds them.</li>
 * </ul>
 * A state type that is not the actor's type argument to {@code PersistentActor} (an
 * overridden {@code stateType()}) cannot be seen here: the application registers it.
 */
final class ActorTypeHints {

	private static final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

	private ActorTypeHints() {
	}

	/**
	 * Register the hints of an actor.
	 * @param hints where to register them
	 * @param definition the actor
	 */
	static void register(RuntimeHints hints, ActorDefinition<?, ?> definition) {
		Class<?> actorType = definition.actorType();
		hints.reflection().registerType(actorType);
		for (Method method : DeclaredSubscriptions.methods(actorType).keySet()) {
			hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
		}
		hints.reflection()
			.registerType(definition.keyType(), MemberCategory.INVOKE_PUBLIC_METHODS,
					MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		Class<?> stateType = stateType(actorType);
		if (stateType != null) {
			bindingHints.registerReflectionHints(hints.reflection(), stateType);
		}
		for (Class<?> contract : ActorBeanRegistrar.contractsOf(actorType)) {
			hints.proxies().registerJdkProxy(contract);
			for (Operation operation : ActorContract.of(contract).operations()) {
				hints.reflection().registerMethod(operation.method(), ExecutableMode.INVOKE);
				List<Type> types = new ArrayList<>(operation.parameterTypes());
				if (operation.resultType() != void.class) {
					types.add(operation.resultType());
				}
				bindingHints.registerReflectionHints(hints.reflection(), types.toArray(Type[]::new));
			}
		}
	}

	/**
	 * The state type an actor class gives {@link PersistentActor}, as
	 * {@link PersistentActor#stateType()} finds it by default.
	 * @param actorType the actor class
	 * @return the state class, or {@code null} if the actor is not persistent or its type
	 * argument is not a class
	 */
	static @Nullable Class<?> stateType(Class<?> actorType) {
		if (!PersistentActor.class.isAssignableFrom(actorType)) {
			return null;
		}
		Class<?> stateType = ResolvableType.forClass(actorType).as(PersistentActor.class).getGeneric(0).resolve();
		return (stateType != Object.class) ? stateType : null;
	}

}
