package dev.actorregistry.benchmarks;

import io.micrometer.context.ContextRegistry;

import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.spring.context.ContextSnapshotPropagator;

/**
 * What a registry carries from each sender to its turns, for measuring the cost of
 * context propagation (issue 13) on the hot path.
 */
public enum SenderContext {

	/** No propagator at all: the registry as built without Spring. */
	NONE,

	/**
	 * The Spring Boot default, with nothing registered to carry: a
	 * {@link ContextSnapshotPropagator} over an empty {@link ContextRegistry}.
	 */
	EMPTY,

	/**
	 * The Spring Boot default with one thread-local registered that no sender sets, as an
	 * application with Micrometer but no current observation has: each turn clears it.
	 */
	UNSET,

	/**
	 * The Spring Boot default with one thread-local registered and set on every sender,
	 * as a trace is: each message captures a snapshot and each turn sets and restores it.
	 */
	REGISTERED;

	/** The thread-local the {@link #REGISTERED} variant carries. */
	static final ThreadLocal<String> VALUE = new ThreadLocal<>();

	/**
	 * Give the builder this variant's propagator.
	 * @param builder the registry's builder
	 * @param <K> the key type
	 * @param <A> the actor type
	 * @return the builder
	 */
	<K, A> ActorRegistryBuilder<K, A> apply(ActorRegistryBuilder<K, A> builder) {
		return switch (this) {
			case NONE -> builder;
			case EMPTY -> builder.contextPropagator(new ContextSnapshotPropagator(new ContextRegistry()));
			case UNSET, REGISTERED -> builder.contextPropagator(
					new ContextSnapshotPropagator(new ContextRegistry().registerThreadLocalAccessor("value", VALUE)));
		};
	}

	/** Set the sender's value on the calling thread, for the variant that carries one. */
	void enterSender() {
		if (this == REGISTERED) {
			VALUE.set("trace-" + Thread.currentThread().getId());
		}
	}

}
