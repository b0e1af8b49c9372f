package dev.actorregistry.test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

import dev.actorregistry.persistence.StateCodec;

/**
 * A state codec for tests of the core and of modules without a JSON library: Java
 * serialization of small records, which gives the same bytes for equal records.
 */
public final class SerializingCodec implements StateCodec {

	@Override
	public byte[] encode(Object state) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(state);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	@Override
	public <S> S decode(byte[] data, Class<S> type) {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
			return type.cast(in.readObject());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
