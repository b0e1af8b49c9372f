package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.cluster.RemoteCalls;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.persistence.StateCodec;

/**
 * Carries the publications of a member's topics to the other members of its cluster, and
 * publishes theirs to its own subscribers, on the service {@value #SERVICE}.
 * <p>
 * A publication travels as its class name and the codec's bytes. The receiving member
 * decodes it only as a type one of its subscribers of the topic takes (or a subtype of
 * one), so a message cannot make a member load an arbitrary class. Publications to one
 * member are sent one after the other, so that each member's subscribers receive this
 * member's messages in the order they were published. Delivery is at most once: a member
 * that is down or does not answer misses the message, as an actor that is not subscribed
 * at the time would.
 */
final class TopicRelay implements RemoteCalls {

	private static final System.Logger logger = System.getLogger(TopicRelay.class.getName());

	/** The service every member's topics are served under. */
	static final String SERVICE = "actor-registry.topics";

	private static final String CONTRACT = "dev.actorregistry.Topics";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ActorCluster cluster;

	private final StateCodec codec;

	private final TopicBus bus;

	/** Per member, the last publication sent to it: the next one waits for it. */
	private final Map<String, CompletableFuture<?>> lastSent = new ConcurrentHashMap<>();

	TopicRelay(ActorCluster cluster, StateCodec codec, TopicBus bus) {
		this.cluster = cluster;
		this.codec = codec;
		this.bus = bus;
		cluster.serve(SERVICE, this);
	}

	/** Send a publication to every other member, in order after the ones before. */
	void send(String topic, Object message) {
		byte[] frame = frame(message.getClass().getName(), this.codec.encode(message));
		String local = this.cluster.localMember();
		for (String member : this.cluster.members()) {
			if (member.equals(local)) {
				continue;
			}
			Invocation publication = new Invocation(UUID.randomUUID().toString(), SERVICE, topic, CONTRACT, "publish",
					frame);
			this.lastSent.compute(member,
					(id, last) -> ((last != null) ? last : CompletableFuture.completedFuture(null))
						.handle((done, failure) -> null)
						.thenCompose((ready) -> send(member, publication)));
		}
		// forget the members that left
		this.lastSent.keySet().retainAll(this.cluster.members());
	}

	private CompletableFuture<byte[]> send(String member, Invocation publication) {
		CompletableFuture<byte[]> sent;
		try {
			sent = this.cluster.call(member, publication, TIMEOUT).toCompletableFuture();
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.failedFuture(ex);
		}
		return sent.whenComplete((answer, failure) -> {
			if (failure != null) {
				logger.log(Level.DEBUG, () -> "A publication on topic '" + publication.key() + "' did not reach member "
						+ member + ": " + failure);
			}
		});
	}

	/** Another member's publication: publish it to this member's subscribers. */
	@Override
	public CompletionStage<byte[]> handle(Invocation invocation) {
		ByteBuffer frame = ByteBuffer.wrap(invocation.arguments());
		byte[] name = new byte[frame.getShort() & 0xFFFF];
		frame.get(name);
		byte[] data = new byte[frame.remaining()];
		frame.get(data);
		String topic = invocation.key();
		Class<?> type = this.bus.acceptedType(topic, new String(name, StandardCharsets.UTF_8));
		int delivered = (type != null) ? this.bus.publishHere(topic, this.codec.decode(data, type)) : 0;
		return CompletableFuture.completedFuture(Integer.toString(delivered).getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] frame(String className, byte[] data) {
		byte[] name = className.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(2 + name.length + data.length)
			.putShort((short) name.length)
			.put(name)
			.put(data)
			.array();
	}

}
