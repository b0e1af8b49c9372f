package dev.actorregistry.persistence;

import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A state as bytes, with the name of the type it was serialized from.
 *
 * @param type the state's type, as its class name
 * @param data the serialized state; not copied, so do not change it
 */
public record SerializedState(String type, byte[] data) {

	/**
	 * Create a serialized state.
	 * @param type the state's type, as its class name
	 * @param data the serialized state
	 */
	public SerializedState {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(data, "data must not be null");
	}

	/**
	 * Whether this holds the same bytes as {@code other}.
	 * @param other another serialized state, or null
	 * @return whether the bytes are equal
	 */
	public boolean sameDataAs(@Nullable SerializedState other) {
		return other != null && Arrays.equals(this.data, other.data);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof SerializedState that && this.type.equals(that.type)
				&& Arrays.equals(this.data, that.data));
	}

	@Override
	public int hashCode() {
		return 31 * this.type.hashCode() + Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		return "SerializedState[" + this.type + ", " + this.data.length + " bytes]";
	}

}
