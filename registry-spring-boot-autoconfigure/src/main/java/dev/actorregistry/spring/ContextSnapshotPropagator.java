package dev.actorregistry.spring;

import java.util.Objects;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.ContextPropagator;

/**
 * Carries the sender's thread-locals to each turn through Micrometer's context
 * propagation: everything registered with the {@link ContextRegistry}, which is where
 * Micrometer registers the current {@code Observation} (and with it the trace and the MDC
 * fields tracing puts there) and Spring Security its {@code SecurityContext}.
 * <p>
 * A thread-local the sender did not have is cleared for the turn, so a value never leaks
 * from one sender's turn into another's, and ticks of timers and reminders see none.
 * While no thread-local accessor is registered it captures nothing and restores nothing.
 */
public final class ContextSnapshotPropagator implements ContextPropagator {

	private static final Scope NOTHING_RESTORED = () -> {
	};

	private final ContextRegistry contextRegistry;

	private final ContextSnapshotFactory snapshots;

	/** No values, and clears every registered thread-local when set. */
	private final ContextSnapshot fresh;

	/**
	 * A propagator of what is registered with the given registry.
	 * @param contextRegistry the thread-local accessors to carry; usually
	 * {@link ContextRegistry#getInstance()}
	 */
	public ContextSnapshotPropagator(ContextRegistry contextRegistry) {
		this.contextRegistry = Objects.requireNonNull(contextRegistry, "contextRegistry must not be null");
		this.snapshots = ContextSnapshotFactory.builder().contextRegistry(contextRegistry).clearMissing(true).build();
		this.fresh = this.snapshots.captureFrom();
	}

	/**
	 * A propagator of the thread-locals registered with the global
	 * {@link ContextRegistry}, as Micrometer, Spring Boot and Spring Security register
	 * theirs.
	 * @return the propagator
	 */
	public static ContextSnapshotPropagator global() {
		return new ContextSnapshotPropagator(ContextRegistry.getInstance());
	}

	@Override
	public @Nullable Object capture() {
		// read on every send: accessors may be registered while the application runs
		return this.contextRegistry.getThreadLocalAccessors().isEmpty() ? null : this.snapshots.captureAll();
	}

	@Override
	public Scope restore(@Nullable Object context) {
		if (context == null && this.contextRegistry.getThreadLocalAccessors().isEmpty()) {
			return NOTHING_RESTORED;
		}
		ContextSnapshot snapshot = (context != null) ? (ContextSnapshot) context : this.fresh;
		return snapshot.setThreadLocals()::close;
	}

}
