package dev.actorregistry.benchmarks.cluster;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Writes {@link PekkoAdder.Add} for Artery: the amount's eight bytes, then the reply
 * address as UTF-8. Pekko writes the reply, a {@code Long}, with its own serializer.
 */
public final class AddSerializer extends SerializerWithStringManifest {

	private static final String ADD = "A";

	private final ActorRefResolver resolver;

	/**
	 * Created by Pekko's serialization, one per actor system.
	 * @param system the actor system
	 */
	public AddSerializer(ExtendedActorSystem system) {
		this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
	}

	@Override
	public int identifier() {
		return 174_017;
	}

	@Override
	public String manifest(Object message) {
		return ADD;
	}

	@Override
	public byte[] toBinary(Object message) {
		PekkoAdder.Add add = (PekkoAdder.Add) message;
		byte[] replyTo = this.resolver.toSerializationFormat(add.replyTo()).getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(Long.BYTES + replyTo.length).putLong(add.amount()).put(replyTo).array();
	}

	@Override
	public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
		if (!ADD.equals(manifest)) {
			throw new NotSerializableException("Unknown manifest '" + manifest + "': this serializer writes only Add");
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		long amount = buffer.getLong();
		String replyTo = StandardCharsets.UTF_8.decode(buffer).toString();
		return new PekkoAdder.Add(amount, this.resolver.resolveActorRef(replyTo));
	}

}
