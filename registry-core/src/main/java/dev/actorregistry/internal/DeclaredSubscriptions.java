package dev.actorregistry.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.actorregistry.TopicSubscription;

/**
 * The topic subscriptions declared for every actor of a registry, as subscribers of the
 * topics: each delivers a publication to every live actor, and by key to the actors it
 * activates, once each. They subscribe when the registry is created and end when its
 * drain stopped every actor.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
final class DeclaredSubscriptions<K, A> {

	private final DefaultActorRegistry<K, A> registry;

	private final Collection<Activation<K, A>> activations;

	private final TopicBus topics;

	private final List<Subscriber> subscribers;

	/**
	 * Subscribe each declared subscription to its topic.
	 * @param registry sends by key to the actors a subscription activates
	 * @param activations the registry's activations, a live view
	 */
	DeclaredSubscriptions(DefaultActorRegistry<K, A> registry, Collection<Activation<K, A>> activations,
			List<TopicSubscription<K, A>> declared) {
		this.registry = registry;
		this.activations = activations;
		this.topics = registry.dispatcher.topics;
		this.subscribers = declared.stream().map(Subscriber::new).toList();
		this.subscribers.forEach((subscriber) -> this.topics.add(subscriber.subscription.topic(), subscriber));
	}

	/** Every actor stopped: the subscriptions end with them. */
	void end() {
		this.subscribers.forEach((subscriber) -> this.topics.remove(subscriber.subscription.topic(), subscriber));
	}

	private final class Subscriber implements TopicBus.Subscriber {

		final TopicSubscription<K, A> subscription;

		Subscriber(TopicSubscription<K, A> subscription) {
			this.subscription = subscription;
		}

		@Override
		public Class<?> type() {
			return this.subscription.type();
		}

		@Override
		public int deliver(TopicBus.Publication publication) {
			Object message = publication.message();
			if (!this.subscription.type().isInstance(message)) {
				return 0;
			}
			Object context = publication.contextFor(DeclaredSubscriptions.this.registry.dispatcher);
			Consumer<A> turn = (actor) -> this.subscription.handler().accept(actor, message);
			Set<K> activate = this.subscription.activate();
			Set<K> reached = activate.isEmpty() ? Set.of() : new HashSet<>();
			int delivered = 0;
			for (Activation<K, A> activation : DeclaredSubscriptions.this.activations) {
				if (activation.phase() == Activation.STARTED
						&& activation.offerPublished(Envelope.tell(turn, context))) {
					delivered++;
					if (activate.contains(activation.key())) {
						reached.add(activation.key());
					}
				}
			}
			for (K key : activate) {
				if (!reached.contains(key)
						&& DeclaredSubscriptions.this.registry.sendByKey(key, Envelope.tell(turn, context)) == null) {
					delivered++;
				}
			}
			return delivered;
		}

	}

}
