package dev.actorregistry;

import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.test.SerializingCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One point of the configuration matrix the race tests of the core run across: the run of
 * an activation branches on each of these, so each combination is a different path
 * through it.
 * <ul>
 * <li>a bounded mailbox counts each message off as it finishes, an unbounded one several
 * at once;</li>
 * <li>a listener makes every message timed and reported;</li>
 * <li>write-through saves the state after every message, before its reply.</li>
 * </ul>
 * A registry built with it has a fresh listener and state store, which
 * {@link #assertTookEffect} reads back to show the configuration was used.
 *
 * @param capacity the mailbox capacity, or zero for unbounded
 * @param listening whether a listener is registered
 * @param writeThrough whether the state is saved after every message
 */
record RegistryConfiguration(int capacity, boolean listening, boolean writeThrough) {

	/**
	 * Every combination, each bounded one with the given capacity.
	 * @param capacity the capacity of the bounded mailboxes
	 * @return the eight configurations
	 */
	static Stream<RegistryConfiguration> all(int capacity) {
		Stream.Builder<RegistryConfiguration> all = Stream.builder();
		for (int bound : new int[] { 0, capacity }) {
			for (boolean listening : new boolean[] { false, true }) {
				for (boolean writeThrough : new boolean[] { false, true }) {
					all.add(new RegistryConfiguration(bound, listening, writeThrough));
				}
			}
		}
		return all.build();
	}

	/**
	 * Apply this configuration to a builder.
	 * @param builder the builder
	 * @return what it reads back
	 */
	Applied apply(ActorRegistryBuilder<?, ?> builder) {
		Applied applied = new Applied(this.listening ? new CountingListener() : null,
				this.writeThrough ? new InMemoryStateStore() : null);
		builder.mailboxCapacity(this.capacity);
		if (applied.listener != null) {
			builder.listener(applied.listener);
		}
		if (applied.store != null) {
			builder.stateStore(applied.store, new SerializingCodec()).writeThrough(true);
		}
		return applied;
	}

	@Override
	public String toString() {
		return ((this.capacity > 0) ? "mailbox of " + this.capacity : "unbounded mailbox")
				+ (this.listening ? ", listener" : ", no listener") + (this.writeThrough ? ", write-through" : "");
	}

	/**
	 * The listener and store a configuration gave a registry.
	 *
	 * @param listener the listener, if the configuration has one
	 * @param store the state store, if the configuration writes through
	 */
	record Applied(@Nullable CountingListener listener, @Nullable InMemoryStateStore store) {

		/**
		 * Check that the configuration took effect: the listener saw messages and saves,
		 * the store holds a state.
		 * @param registry the registry's name
		 * @param key a key whose actor processed a message
		 */
		void assertTookEffect(String registry, Object key) {
			if (this.listener != null) {
				assertThat(this.listener.processed.sum()).as("messages the listener saw").isPositive();
				if (this.store != null) {
					assertThat(this.listener.saved.sum()).as("saves the listener saw").isPositive();
				}
			}
			if (this.store != null) {
				assertThat(this.store.load(registry, String.valueOf(key))).as("state of %s written through", key)
					.isPresent();
			}
		}

	}

	/** Counts what a race test needs to know the listener was called. */
	static final class CountingListener implements RegistryListener {

		final LongAdder processed = new LongAdder();

		final LongAdder saved = new LongAdder();

		@Override
		public void messageProcessed(String registry, Object key, long waitNanos, long processNanos,
				@Nullable Throwable failure) {
			this.processed.increment();
		}

		@Override
		public void stateSaved(String registry, Object key, long revision, long saveNanos,
				@Nullable Throwable failure) {
			this.saved.increment();
		}

	}

}
