package dev.actorregistry.spring.jackson;

import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.actorregistry.persistence.StateCodec;

/**
 * A {@link StateCodec} that writes states as JSON with the application's
 * {@link JsonMapper}, so the modules, mix-ins and settings the application configured for
 * its own JSON apply to actor states too.
 * <p>
 * The registry saves a state only when its bytes changed, so the bytes must not depend on
 * the order a map was filled in: map entries are written sorted by key. Properties of
 * records and classes come in their declared order already. Prefer lists or sorted sets
 * to hash sets in states, whose order can vary between two equal sets.
 */
public final class JacksonStateCodec implements StateCodec {

	private final ObjectWriter writer;

	private final JsonMapper mapper;

	/**
	 * Create a codec.
	 * @param mapper the application's JSON mapper; it is not changed
	 */
	public JacksonStateCodec(JsonMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
		this.writer = mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
	}

	@Override
	public byte[] encode(Object state) {
		Objects.requireNonNull(state, "state must not be null");
		try {
			return this.writer.writeValueAsBytes(state);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Cannot write an actor state of type " + state.getClass().getName()
					+ " as JSON: " + ex.getOriginalMessage()
					+ ". Make the state a record or bean that Jackson can serialize, or configure the application's"
					+ " JsonMapper for it.", ex);
		}
	}

	@Override
	public <S> S decode(byte[] data, Class<S> type) {
		Objects.requireNonNull(data, "data must not be null");
		Objects.requireNonNull(type, "type must not be null");
		ObjectReader reader = this.mapper.readerFor(type);
		try {
			S state = reader.readValue(data);
			if (state == null) {
				throw new IllegalArgumentException("Cannot read a stored actor state as " + type.getName()
						+ ": the JSON is null. The state was not written by this codec.");
			}
			return state;
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Cannot read a stored actor state as " + type.getName() + ": " + ex.getOriginalMessage()
							+ ". If the state type changed, keep it able to read what older versions wrote.",
					ex);
		}
	}

}
