package dev.actorregistry.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.persistence.DurableSend;

/**
 * A durable send as bytes, to carry it to the member that owns its receiver: its fields
 * in a fixed order, no Java serialization.
 */
final class DurableSendFormat {

	/** The first byte, so that a change of the format is told apart. */
	private static final int VERSION = 1;

	private DurableSendFormat() {
	}

	static byte[] write(DurableSend send) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + send.invocation().arguments().length);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeUTF(send.id());
			out.writeUTF(send.senderRegistry());
			out.writeUTF(send.senderKey());
			out.writeUTF(send.receiverRegistry());
			out.writeUTF(send.receiverKey());
			Invocation invocation = send.invocation();
			out.writeUTF(invocation.id());
			out.writeUTF(invocation.registry());
			out.writeUTF(invocation.key());
			out.writeUTF(invocation.contract());
			out.writeUTF(invocation.operation());
			out.writeInt(invocation.arguments().length);
			out.write(invocation.arguments());
			String refusal = send.refusal();
			out.writeBoolean(refusal != null);
			if (refusal != null) {
				out.writeUTF(refusal);
			}
			out.writeLong(send.sentAt().getEpochSecond());
			out.writeInt(send.sentAt().getNano());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static DurableSend read(byte[] data) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
			int version = in.readUnsignedByte();
			if (version != VERSION) {
				throw new IllegalArgumentException("a durable send written in format " + version + ", not " + VERSION);
			}
			String id = in.readUTF();
			String senderRegistry = in.readUTF();
			String senderKey = in.readUTF();
			String receiverRegistry = in.readUTF();
			String receiverKey = in.readUTF();
			String invocationId = in.readUTF();
			String registry = in.readUTF();
			String key = in.readUTF();
			String contract = in.readUTF();
			String operation = in.readUTF();
			byte[] arguments = new byte[in.readInt()];
			in.readFully(arguments);
			@Nullable String refusal = in.readBoolean() ? in.readUTF() : null;
			Instant sentAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
			return new DurableSend(id, senderRegistry, senderKey, receiverRegistry, receiverKey,
					new Invocation(invocationId, registry, key, contract, operation, arguments), refusal, sentAt);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
