package dev.actorregistry;

import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.internal.TopicBus;
import dev.actorregistry.persistence.StateCodec;

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
	 * New, empty topics shared with the other members of a cluster: a message published
	 * on one member reaches the subscribers on every member, each member's in the order
	 * this member published. Delivery to another member is at most once: one that is down
	 * or does not answer within seconds misses it. There the message is decoded only as a
	 * type one of its subscribers of the topic takes.
	 * @param cluster the cluster
	 * @param codec encodes the messages for the other members, and decodes theirs
	 * @return the topics
	 */
	static Topics clustered(ActorCluster cluster, StateCodec codec) {
		return new TopicBus(cluster, codec);
	}

	/**
	 * Publish a message to every actor subscribed to a topic. Never waits for them: each
	 * runs the message on its own turn. A subscriber whose mailbox is full does not get
	 * it, and the registry counts and reports the refusal.
	 * @param topic the topic
	 * @param message the message
	 * @return how many subscribers it was delivered to (in a cluster: on this member)
	 */
	int publish(String topic, Object message);

	/**
	 * How many subscriptions a topic has now.
	 * @param topic the topic
	 * @return the count
	 */
	int subscribers(String topic);

}
