package dev.actorregistry.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.Topics;
import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.persistence.StateCodec;

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

		/**
		 * The type of the messages it takes.
		 * @return the type
		 */
		Class<?> type();

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

	/** Carries each publication to the other members of a cluster; null outside one. */
	private final @Nullable TopicRelay relay;

	/** Topics of this process alone. */
	public TopicBus() {
		this.relay = null;
	}

	/**
	 * Topics shared with the other members of a cluster.
	 * @param cluster the cluster
	 * @param codec encodes the messages for the other members
	 */
	public TopicBus(ActorCluster cluster, StateCodec codec) {
		this.relay = new TopicRelay(cluster, codec, this);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * In a cluster, the message is also carried to every other member, where it reaches
	 * that member's subscribers; the count is of this member's subscribers only.
	 */
	@Override
	public int publish(String topic, Object message) {
		Objects.requireNonNull(topic, "topic must not be null");
		Objects.requireNonNull(message, () -> "message published on topic '" + topic + "' must not be null");
		int delivered = publishHere(topic, message);
		if (this.relay != null) {
			this.relay.send(topic, message);
		}
		return delivered;
	}

	/**
	 * Publish to this member's subscribers only: what a publication from another member
	 * does here.
	 * @param topic the topic
	 * @param message the message
	 * @return how many subscribers it was delivered to
	 */
	int publishHere(String topic, Object message) {
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

	/**
	 * The type of a message another member published on a topic, if one of this member's
	 * subscribers of the topic takes it: only such a class is loaded and decoded, never
	 * one the message merely names.
	 * @param topic the topic
	 * @param className the message's class name
	 * @return the type, or null if no subscriber here takes it
	 */
	@Nullable Class<?> acceptedType(String topic, String className) {
		Set<Subscriber> subscribers = this.topics.get(topic);
		if (subscribers == null) {
			return null;
		}
		for (Subscriber subscriber : subscribers) {
			Class<?> accepted = subscriber.type();
			if (accepted.getName().equals(className)) {
				return accepted;
			}
			try {
				Class<?> named = Class.forName(className, false, accepted.getClassLoader());
				if (accepted.isAssignableFrom(named)) {
					return named;
				}
			}
			catch (ClassNotFoundException | LinkageError ex) {
				// not a type this subscriber's code knows: another subscriber may
			}
		}
		return null;
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
