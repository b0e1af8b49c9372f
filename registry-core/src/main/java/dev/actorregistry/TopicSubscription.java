package dev.actorregistry;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A subscription declared for every actor of a registry
 * ({@link ActorRegistryBuilder#subscribe}): each message published on the topic reaches
 * every live actor of the registry, and the actors of the keys it names to
 * {@link #activating activate}, started if they are not live.
 *
 * @param topic the topic
 * @param type the messages it takes; others published on the topic are ignored
 * @param handler runs a message on an actor's turn
 * @param activate keys whose actors are started to receive each message
 * @param <K> the key type
 * @param <A> the actor type
 */
public record TopicSubscription<K, A>(String topic, Class<?> type, BiConsumer<? super A, Object> handler,
		Set<K> activate) {

	/**
	 * Check the subscription.
	 */
	public TopicSubscription {
		Objects.requireNonNull(topic, "topic must not be null");
		Objects.requireNonNull(type, () -> "message type of topic '" + topic + "' must not be null");
		Objects.requireNonNull(handler, () -> "handler of topic '" + topic + "' must not be null");
		activate = Set.copyOf(activate);
	}

	/**
	 * Declare a subscription of every live actor.
	 * @param topic the topic
	 * @param type the messages it takes
	 * @param handler runs a message on an actor's turn
	 * @param <K> the key type
	 * @param <A> the actor type
	 * @param <M> the message type
	 * @return the subscription
	 */
	public static <K, A, M> TopicSubscription<K, A> of(String topic, Class<M> type,
			BiConsumer<? super A, ? super M> handler) {
		Objects.requireNonNull(handler, () -> "handler of topic '" + topic + "' must not be null");
		return new TopicSubscription<>(topic, type, (actor, message) -> handler.accept(actor, type.cast(message)),
				Set.of());
	}

	/**
	 * This subscription, also starting the actors of {@code keys} to receive each
	 * message.
	 * @param keys the keys
	 * @return a copy
	 */
	@SafeVarargs
	public final TopicSubscription<K, A> activating(K... keys) {
		return new TopicSubscription<>(this.topic, this.type, this.handler, Set.copyOf(Arrays.asList(keys)));
	}

}
