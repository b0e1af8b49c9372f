package dev.actorregistry.invocation;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.actorregistry.persistence.DurableSend;

/**
 * An {@link InvocationRouter} between the registries of one process: give every registry
 * that sends or receives durably the same instance.
 */
public final class LocalInvocationRouter implements InvocationRouter {

	private final ConcurrentMap<String, DurableReceiver> receivers = new ConcurrentHashMap<>();

	@Override
	public void register(String registry, DurableReceiver receiver) {
		Objects.requireNonNull(registry, "registry must not be null");
		Objects.requireNonNull(receiver, "receiver must not be null");
		DurableReceiver other = this.receivers.putIfAbsent(registry, receiver);
		if (other != null && other != receiver) {
			throw new DurableSendException(registry, null,
					"another registry of this name receives durable sends through this router",
					"Give each registry a name of its own", null);
		}
	}

	@Override
	public void unregister(String registry, DurableReceiver receiver) {
		this.receivers.remove(registry, receiver);
	}

	@Override
	public CompletionStage<DeliveryOutcome> deliver(DurableSend send) {
		DurableReceiver receiver = this.receivers.get(send.receiverRegistry());
		if (receiver == null) {
			return CompletableFuture.failedFuture(new DurableSendException(send.receiverRegistry(), send.receiverKey(),
					"no registry of this name receives durable sends in this process (not started yet, or closed)",
					"The send stays in its sender's outbox and is delivered once the registry runs", null));
		}
		return receiver.receive(send);
	}

	@Override
	public void delivered(DurableSend send) {
		DurableReceiver receiver = this.receivers.get(send.receiverRegistry());
		if (receiver != null) {
			receiver.forget(send);
		}
	}

}
