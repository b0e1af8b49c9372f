package dev.actorregistry.persistence;

/**
 * Turns actor states into bytes and back, for a {@link StateStore}. The registry compares
 * the bytes with those it last saved, so a codec must be deterministic: the same state
 * gives the same bytes.
 */
public interface StateCodec {

	/**
	 * Serialize a state.
	 * @param state the state, as returned by {@link PersistentActor#snapshot()}
	 * @return its bytes
	 * @throws RuntimeException if it cannot be serialized
	 */
	byte[] encode(Object state);

	/**
	 * Deserialize a state.
	 * @param data bytes from {@link #encode}
	 * @param type the type to read
	 * @param <S> the type to read
	 * @return the state
	 * @throws RuntimeException if it cannot be read as {@code type}
	 */
	<S> S decode(byte[] data, Class<S> type);

}
