package dev.actorregistry.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import dev.actorregistry.TopicSubscription;

/**
 * The topic subscriptions an {@link Actor @Actor} class declares with
 * {@link Subscribe @Subscribe} methods, checked and turned into the
 * {@link TopicSubscription}s its registry is built with.
 */
final class DeclaredSubscriptions {

	// by signature, so a registry subscribes in the same order on every start
	private static final Comparator<Method> BY_SIGNATURE = Comparator.comparing(Method::toGenericString);

	private DeclaredSubscriptions() {
	}

	/**
	 * The subscriptions of an actor class.
	 * @param definition the actor class and its registry
	 * @param conversionService converts the keys to activate to the key type
	 * @return one subscription per annotation, methods in the order of their signatures
	 * and each method's annotations in the order declared
	 * @throws InvalidSubscriptionException if a method cannot receive messages, names a
	 * topic twice, or a key does not convert
	 */
	static <K, A> List<TopicSubscription<K, A>> of(ActorDefinition<K, A> definition,
			ConversionService conversionService) {
		Map<Method, Set<Subscribe>> methods = methods(definition.actorType());
		List<TopicSubscription<K, A>> subscriptions = new ArrayList<>();
		methods.entrySet().stream().sorted(Map.Entry.comparingByKey(BY_SIGNATURE)).forEach((entry) -> {
			Set<String> topics = new HashSet<>();
			for (Subscribe subscribe : entry.getValue()) {
				TopicSubscription<K, A> subscription = subscription(definition, entry.getKey(), subscribe,
						conversionService);
				if (!topics.add(subscription.topic())) {
					throw new InvalidSubscriptionException(entry.getKey(),
							"subscribes to topic '" + subscription.topic() + "' twice",
							"Subscribe once to each topic: every subscription delivers each message");
				}
				subscriptions.add(subscription);
			}
		});
		return List.copyOf(subscriptions);
	}

	/**
	 * The {@link Subscribe @Subscribe} methods of an actor class, as declared, before any
	 * check: the messages call them by reflection, so AOT processing registers them too.
	 * @param actorType the actor class
	 * @return each method and its annotations
	 */
	static Map<Method, Set<Subscribe>> methods(Class<?> actorType) {
		return MethodIntrospector.selectMethods(actorType,
				(MethodIntrospector.MetadataLookup<Set<Subscribe>>) (method) -> {
					Set<Subscribe> declared = AnnotatedElementUtils.findMergedRepeatableAnnotations(method,
							Subscribe.class);
					return declared.isEmpty() ? null : declared;
				});
	}

	private static <K, A> TopicSubscription<K, A> subscription(ActorDefinition<K, A> definition, Method method,
			Subscribe subscribe, ConversionService conversionService) {
		if (Modifier.isStatic(method.getModifiers())) {
			throw new InvalidSubscriptionException(method, "is static",
					"Make it an instance method: each message runs on the turn of one actor");
		}
		if (method.getParameterCount() != 1) {
			throw new InvalidSubscriptionException(method, "takes " + method.getParameterCount() + " parameters",
					"Give it exactly one parameter, of the type of the messages it takes from the topic");
		}
		if (!StringUtils.hasText(subscribe.topic())) {
			throw new InvalidSubscriptionException(method, "names no topic",
					"Name the topic it subscribes to, as in @Subscribe(\"rates\")");
		}
		ReflectionUtils.makeAccessible(method);
		Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[0]);
		return new TopicSubscription<K, A>(subscribe.topic(), type,
				(actor, message) -> ReflectionUtils.invokeMethod(method, actor, message),
				keys(definition, method, subscribe.activate(), conversionService));
	}

	private static <K> Set<K> keys(ActorDefinition<K, ?> definition, Method method, String[] texts,
			ConversionService conversionService) {
		Set<K> keys = new LinkedHashSet<>();
		for (String text : texts) {
			K key;
			try {
				key = conversionService.convert(text, definition.keyType());
			}
			catch (ConversionException ex) {
				throw new InvalidSubscriptionException(method, activates(definition, text) + ex.getMessage(),
						conversionAdvice(definition), ex);
			}
			if (key == null) {
				throw new InvalidSubscriptionException(method, activates(definition, text) + "it converts to null",
						conversionAdvice(definition));
			}
			keys.add(key);
		}
		return keys;
	}

	private static String activates(ActorDefinition<?, ?> definition, String text) {
		return "activates key '" + text + "', which is not a " + definition.keyType().getName()
				+ ", the key type of registry '" + definition.registryName() + "': ";
	}

	private static String conversionAdvice(ActorDefinition<?, ?> definition) {
		String keyType = definition.keyType().getSimpleName();
		return "Name in activate only keys that convert to " + keyType
				+ ", or define a ConversionService bean named 'conversionService' that converts String to " + keyType
				+ " as you need";
	}

}
