package dev.actorregistry.test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.invocation.ActorContractException;
import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.invocation.Operation;

/**
 * An {@link InvocationCodec} for tests of the core, which has no JSON library: Java
 * serialization of the arguments and results, for operations whose parameter and result
 * types are primitive or {@link Serializable}. Applications use the Spring Boot
 * auto-configuration's codec on their JSON mapper instead.
 */
public final class SerializingInvocationCodec implements InvocationCodec {

	@Override
	public void check(Operation operation) {
		for (int i = 0; i < operation.parameterTypes().size(); i++) {
			if (!serializable(operation.parameterTypes().get(i))) {
				throw new ActorContractException(operation.contract(), operation.name(),
						"parameter '" + operation.parameterNames().get(i) + "' is neither primitive nor Serializable",
						"Use primitive or Serializable parameter types in tests of the core", null);
			}
		}
	}

	private static boolean serializable(Type type) {
		return type instanceof Class<?> raw && (raw.isPrimitive() || Serializable.class.isAssignableFrom(raw));
	}

	@Override
	public byte[] encodeArguments(Operation operation, @Nullable Object[] arguments) {
		return write(arguments);
	}

	@Override
	public @Nullable Object[] decodeArguments(Operation operation, byte[] data) {
		Object arguments = read(data);
		if (!(arguments instanceof Object[] array)) {
			throw new IllegalArgumentException(operation + ": the bytes do not hold arguments");
		}
		return array;
	}

	@Override
	public byte[] encodeResult(Operation operation, @Nullable Object result) {
		return write(result);
	}

	@Override
	public @Nullable Object decodeResult(Operation operation, byte[] data) {
		return read(data);
	}

	private static byte[] write(@Nullable Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static @Nullable Object read(byte[] data) {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
			return in.readObject();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
