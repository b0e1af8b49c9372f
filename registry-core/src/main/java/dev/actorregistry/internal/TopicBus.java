package dev.actorregistry.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.actorregistry.Topics;

/**
 * The subscribers of each topic. Publishing walks a topic's subscribers and offers each
 * the message; it never waits for an actor.
 */
public final class TopicBus implements Topics {

	/** Someone who takes the messages of a topic. */
	interface Subscriber {

		/**
		 * Take a message.
		 * @return how many actors it was delivered to
		 */
		int deliver(Object message);

	}

	private final Map<String, Set<Subscriber>> topics = new ConcurrentHashMap<>();

	@Override
	public int publish(String topic, Object message) {
		Objects.requireNonNull(topic, "topic must not be null");
		Objects.requireNonNull(message, () -> "message published on topic '" + topic + "' must not be null");
		Set<Subscriber> subscribers = this.topics.get(topic);
		if (subscribers == null) {
			return 0;
		}
		int delivered = 0;
		for (Subscriber subscriber : subscribers) {
			delivered += subscriber.deliver(message);
		}
		return delivered;
	}

	@Override
	public int subscribers(String topic) {
		Set<Subscriber> subscribers = this.topics.get(topic);
		return (subscribers != null) ? subscribers.size() : 0;
	}

	void add(String topic, Subscriber subscriber) {
		this.topics.compute(topic, (name, subscribers) -> {
			Set<Subscriber> set = (subscribers != null) ? subscribers : ConcurrentHashMap.newKeySet();
			set.add(subscriber);
			return set;
		});
	}

	void remove(String topic, Subscriber subscriber) {
		this.topics.computeIfPresent(topic, (name, subscribers) -> {
			subscribers.remove(subscriber);
			return subscribers.isEmpty() ? null : subscribers;
		});
	}

}
