package dev.actorregistry.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

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
		 * @param publication the message and its publisher's context
		 * @return how many actors it was delivered to
		 */
		int deliver(Publication publication);

	}

	/**
	 * A message being published, and its publisher's context: each subscription's turn
	 * runs in the context of the thread that published, as a Spring application event's
	 * listener does. The context is captured once per registry whose actors receive it,
	 * not once per actor; registries sharing topics may propagate differently.
	 */
	static final class Publication {

		private final Object message;

		private @Nullable Dispatcher<?, ?> capturedFor;

		private @Nullable Object context;

		Publication(Object message) {
			this.message = message;
		}

		Object message() {
			return this.message;
		}

		/**
		 * The publisher's context as a registry carries it; read on the publishing thread
		 * only.
		 * @param registry the runtime of that registry
		 * @return it, or null if the registry carries none
		 */
		@Nullable Object contextFor(Dispatcher<?, ?> registry) {
			if (registry.propagator == null) {
				return null;
			}
			if (this.capturedFor == null || this.capturedFor.propagator != registry.propagator) {
				this.context = registry.captureContext();
				this.capturedFor = registry;
			}
			return this.context;
		}

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
		Publication publication = new Publication(message);
		int delivered = 0;
		for (Subscriber subscriber : subscribers) {
			delivered += subscriber.deliver(publication);
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
