package dev.actorregistry.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.actorregistry.invocation.DeliveryOutcome;
import dev.actorregistry.invocation.DurableReceiver;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.invocation.InvocationRouter;
import dev.actorregistry.invocation.LocalInvocationRouter;
import dev.actorregistry.persistence.DurableSend;

/**
 * An {@link InvocationRouter} for the members of a cluster: a durable send goes to the
 * member that owns its receiver's key, which hands it to the receiving registry there; a
 * receiver this member owns gets it directly. Every member of the cluster uses one, on
 * the same {@link ActorCluster} and the same state store.
 * <p>
 * A send is carried as an {@link Invocation} of the service {@value #SERVICE}, its bytes
 * the send's fields. The member that learns of a delivery drops the record from the store
 * (one transaction, as in one process); a receiver on another member keeps it in memory
 * until its actor stops, which costs memory, not correctness.
 */
public final class ClusterInvocationRouter implements InvocationRouter, AutoCloseable {

	/** The name the members serve durable sends under, beside their registries. */
	public static final String SERVICE = "actor-registry.durable-sends";

	private final ActorCluster cluster;

	private final Duration timeout;

	private final LocalInvocationRouter local = new LocalInvocationRouter();

	private final RemoteCalls deliveries = this::deliverHere;

	/**
	 * Route durable sends through a cluster, and receive those routed to this member.
	 * @param cluster the cluster's seam
	 * @param timeout how long a delivery to another member may take before it is tried
	 * again later
	 */
	public ClusterInvocationRouter(ActorCluster cluster, Duration timeout) {
		this.cluster = Objects.requireNonNull(cluster, "cluster must not be null");
		this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
		cluster.serve(SERVICE, this.deliveries);
	}

	@Override
	public void register(String registry, DurableReceiver receiver) {
		this.local.register(registry, receiver);
	}

	@Override
	public void unregister(String registry, DurableReceiver receiver) {
		this.local.unregister(registry, receiver);
	}

	@Override
	public CompletionStage<DeliveryOutcome> deliver(DurableSend send) {
		Placement placement = this.cluster.placementOf(send.receiverRegistry(), send.receiverKey());
		if (placement.local()) {
			return this.local.deliver(send);
		}
		String owner = placement.owner();
		if (owner == null) {
			return CompletableFuture.failedFuture(new RemoteCallException(send.receiverRegistry(), send.receiverKey(),
					RemoteCallException.Kind.NOT_RUN, null,
					"durable send " + send.id() + " has no member to go to: none owns its receiver now",
					"It is delivered again later", null));
		}
		Invocation carried = new Invocation(send.id(), SERVICE, send.receiverKey(), DurableSend.class.getName(),
				"deliver", DurableSendFormat.write(send));
		return this.cluster.call(owner, carried, this.timeout)
			.thenApply((answer) -> DeliveryOutcome.valueOf(new String(answer, StandardCharsets.US_ASCII)));
	}

	/** A send another member routed here: to the receiving registry of this member. */
	private CompletionStage<byte[]> deliverHere(Invocation carried) {
		DurableSend send;
		try {
			send = DurableSendFormat.read(carried.arguments());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.local.deliver(send).thenApply((outcome) -> outcome.name().getBytes(StandardCharsets.US_ASCII));
	}

	@Override
	public void delivered(DurableSend send) {
		this.local.delivered(send);
	}

	/** Stop receiving sends from other members. */
	@Override
	public void close() {
		this.cluster.stopServing(SERVICE, this.deliveries);
	}

}
