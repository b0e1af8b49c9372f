package dev.actorregistry;

import java.io.Serializable;

import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.test.SerializingCodec;

/**
 * A persistent actor for tests: a count, stored as a {@link Count}. Subclass it to give
 * it an annotation, such as {@code @Actor} in Spring tests.
 */
public class PersistentCounter implements PersistentActor<PersistentCounter.Count> {

	private long value;

	/**
	 * Add one.
	 * @return the new count
	 */
	public long increment() {
		return add(1);
	}

	/**
	 * Add to the count.
	 * @param delta how much
	 * @return the new count
	 */
	public long add(long delta) {
		this.value += delta;
		return this.value;
	}

	/**
	 * The count.
	 * @return the count
	 */
	public long value() {
		return this.value;
	}

	@Override
	public Count snapshot() {
		return new Count(this.value);
	}

	@Override
	public void restore(Count state) {
		this.value = state.value();
	}

	/**
	 * The stored state: serializable, for {@link SerializingCodec}.
	 *
	 * @param value the count
	 */
	public record Count(long value) implements Serializable {
	}

}
