package dev.actorregistry.spring.jackson;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.AbstractDeserializer;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.impl.UnknownSerializer;

import dev.actorregistry.invocation.ActorContractException;
import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.invocation.Operation;

/**
 * An {@link InvocationCodec} that writes arguments and results as JSON with the
 * application's {@link JsonMapper}: a call's arguments as one JSON array, each element
 * written for its parameter's declared type (type arguments included), and its result as
 * one JSON value.
 * <p>
 * Its {@link #check} asks Jackson, before any call, whether it can write each parameter
 * and result type and create it again from JSON: a type without properties to write, an
 * abstract type without type information, or a class Jackson finds no constructor of is
 * refused, with the operation and the parameter named.
 */
public final class JacksonInvocationCodec implements InvocationCodec {

	private final JsonMapper mapper;

	private final Map<Operation, Codecs> codecs = new ConcurrentHashMap<>();

	/**
	 * Create a codec.
	 * @param mapper the application's JSON mapper; it is not changed
	 */
	public JacksonInvocationCodec(JsonMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
	}

	@Override
	public void check(Operation operation) {
		List<Type> parameters = operation.parameterTypes();
		for (int i = 0; i < parameters.size(); i++) {
			check(operation, "its parameter '" + operation.parameterNames().get(i) + "'", parameters.get(i));
		}
		if (operation.kind() != Operation.Kind.ONE_WAY && operation.resultType() != void.class
				&& operation.resultType() != Void.class) {
			check(operation, "its result", operation.resultType());
		}
		codecsOf(operation);
	}

	private void check(Operation operation, String what, Type type) {
		JavaType javaType = this.mapper.constructType(type);
		String problem;
		try {
			problem = problemWriting(javaType);
			if (problem == null) {
				problem = problemReading(javaType);
			}
		}
		catch (JacksonException ex) {
			problem = ex.getOriginalMessage();
		}
		if (problem != null) {
			throw new ActorContractException(operation.contract(), operation.name(),
					what + " of type " + javaType.toCanonical() + " cannot be sent as JSON: " + problem,
					"Use a type the application's JsonMapper can write and read back, such as a record", null);
		}
	}

	private @Nullable String problemWriting(JavaType type) {
		ValueSerializer<Object> serializer = this.mapper._serializationContext().findTypedValueSerializer(type, true);
		return (serializer instanceof UnknownSerializer) ? "Jackson finds no properties to write" : null;
	}

	private @Nullable String problemReading(JavaType type) {
		DeserializationContext context = this.mapper._deserializationContext();
		ValueDeserializer<Object> deserializer = context.findRootValueDeserializer(type);
		if (deserializer instanceof AbstractDeserializer && context.findTypeDeserializer(type) == null) {
			return "it is abstract, and Jackson has no type information to tell which class to create";
		}
		if (deserializer instanceof ValueInstantiator.Gettable gettable && gettable.getValueInstantiator() != null
				&& !gettable.getValueInstantiator().canInstantiate() && !type.isAbstract()) {
			return "Jackson finds no constructor or factory method to create it with";
		}
		return null;
	}

	@Override
	public byte[] encodeArguments(Operation operation, @Nullable Object[] arguments) {
		Codecs codecs = codecsOf(operation);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JsonGenerator generator = this.mapper.createGenerator(bytes)) {
			generator.writeStartArray();
			for (int i = 0; i < arguments.length; i++) {
				codecs.parameterWriters.get(i).writeValue(generator, arguments[i]);
			}
			generator.writeEndArray();
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot write the arguments of " + operation + " as JSON: "
					+ ex.getOriginalMessage() + ". Check the arguments' types against the application's JsonMapper.",
					ex);
		}
		return bytes.toByteArray();
	}

	@Override
	public @Nullable Object[] decodeArguments(Operation operation, byte[] data) {
		Codecs codecs = codecsOf(operation);
		try {
			JsonNode array = this.mapper.readTree(data);
			int count = codecs.parameterReaders.size();
			if (!array.isArray() || array.size() != count) {
				throw new IllegalArgumentException("Cannot read the arguments of " + operation + ": expected a JSON"
						+ " array of " + count + " values. They were not written by this codec for this operation.");
			}
			@Nullable Object[] arguments = new Object[count];
			for (int i = 0; i < count; i++) {
				arguments[i] = codecs.parameterReaders.get(i).readValue(array.get(i));
			}
			return arguments;
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot read the arguments of " + operation + " from JSON: "
					+ ex.getOriginalMessage() + ". If a parameter's type changed, keep it able to read older calls.",
					ex);
		}
	}

	@Override
	public byte[] encodeResult(Operation operation, @Nullable Object result) {
		try {
			return codecsOf(operation).resultWriter.writeValueAsBytes(result);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot write the result of " + operation + " as JSON: "
					+ ex.getOriginalMessage() + ". Check the result's type against the application's JsonMapper.", ex);
		}
	}

	@Override
	public @Nullable Object decodeResult(Operation operation, byte[] data) {
		try {
			return codecsOf(operation).resultReader.readValue(data);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot read the result of " + operation + " from JSON: "
					+ ex.getOriginalMessage() + ". If the result's type changed, keep it able to read older results.",
					ex);
		}
	}

	private Codecs codecsOf(Operation operation) {
		return this.codecs.computeIfAbsent(operation, this::codecsFor);
	}

	private Codecs codecsFor(Operation operation) {
		List<JavaType> parameters = operation.parameterTypes().stream().map(this.mapper::constructType).toList();
		JavaType result = this.mapper
			.constructType((operation.resultType() == void.class) ? Void.class : operation.resultType());
		return new Codecs(parameters.stream().map(this.mapper::writerFor).toList(),
				parameters.stream().map(this.mapper::readerFor).toList(), this.mapper.writerFor(result),
				this.mapper.readerFor(result));
	}

	/** The writers and readers of one operation's types, made once. */
	private record Codecs(List<ObjectWriter> parameterWriters, List<ObjectReader> parameterReaders,
			ObjectWriter resultWriter, ObjectReader resultReader) {

	}

}
