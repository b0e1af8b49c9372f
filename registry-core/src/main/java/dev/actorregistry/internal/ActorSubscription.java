package dev.actorregistry.internal;

import java.util.function.Consumer;

import dev.actorregistry.Subscription;

/**
 * One activation's subscription to a topic: each message of the right type is put in the
 * actor's mailbox, and runs its handler on the actor's turn unless the subscription ended
 * first.
 */
final class ActorSubscription<M> extends Registration implements Subscription, TopicBus.Subscriber {

	private final Activation<?, ?> activation;

	private final TopicBus bus;

	private final String topic;

	private final Class<M> type;

	private final Consumer<? super M> handler;

	ActorSubscription(Activation<?, ?> activation, TopicBus bus, String topic, Class<M> type,
			Consumer<? super M> handler) {
		this.activation = activation;
		this.bus = bus;
		this.topic = topic;
		this.type = type;
		this.handler = handler;
	}

	@Override
	public String topic() {
		return this.topic;
	}

	@Override
	void ended() {
		this.bus.remove(this.topic, this);
	}

	@Override
	void forget() {
		this.activation.forget(this);
	}

	@Override
	public Class<?> type() {
		return this.type;
	}

	@Override
	public int deliver(TopicBus.Publication publication) {
		Object message = publication.message();
		if (!isActive() || !this.type.isInstance(message)) {
			return 0;
		}
		M typed = this.type.cast(message);
		Consumer<Object> turn = (actor) -> {
			// one step checks it is active and begins the handler: a cancel either comes
			// first, and the handler does not run, or finds it under way and waits
			if (beginTurn(false)) {
				try {
					this.handler.accept(typed);
				}
				finally {
					endTurn();
				}
			}
		};
		Envelope envelope = Envelope.tell(turn, this.activation.publisherContext(publication));
		return this.activation.offerPublished(envelope) ? 1 : 0;
	}

	/**
	 * Cancel it: once this returns, no message of it runs, on any thread.
	 * @throws dev.actorregistry.ActorRegistryException if a message under way on another
	 * thread did not end within the registry's wait; it is cancelled all the same
	 */
	@Override
	public boolean cancel() {
		boolean ended = super.cancel();
		awaitTurnEnd(this.activation, this.activation.cancelWaitNanos(),
				"the subscription to topic '" + this.topic + "'", "message");
		return ended;
	}

	@Override
	public String toString() {
		return "Subscription[" + this.topic + ", " + this.type.getSimpleName() + (isActive() ? "" : ", ended") + "]";
	}

}
