package dev.actorregistry;

import dev.actorregistry.internal.TopicBus;

/**
 * Named topics that actors subscribe to and anyone may publish on. A message published on
 * a topic reaches every actor subscribed to it as a turn of its own, in the order its
 * publisher published, once per subscription. Subscriptions end when their actor stops,
 * so an actor that passivates and comes back never receives a message twice.
 * <p>
 * Registries built with the same {@code Topics} share them; by default each registry has
 * its own.
 *
 * <pre class="code">
 * Topics topics = Topics.create();
 * ActorRegistry&lt;String, Account&gt; accounts = ActorRegistry.builder("accounts", String.class, factory)
 *     .topics(topics)
 *     .build();
 * topics.publish("rates", new RateChanged(0.02));
 * </pre>
 */
public interface Topics {

	/**
	 * A new, empty set of topics.
	 * @return the topics
	 */
	static Topics create() {
		return new TopicBus();
	}

	/**
	 * Publish a message to every actor subscribed to a topic. Never waits for them: each
	 * runs the message on its own turn. A subscriber whose mailbox is full does not get
	 * it, and the registry counts and reports the refusal.
	 * @param topic the topic
	 * @param message the message
	 * @return how many subscribers it was delivered to
	 */
	int publish(String topic, Object message);

	/**
	 * How many subscriptions a topic has now.
	 * @param topic the topic
	 * @return the count
	 */
	int subscribers(String topic);

}
