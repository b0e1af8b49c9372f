package dev.actorregistry.spring.context;

import java.util.Objects;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.ContextPropagator;

/**
 * Carries the sender's thread-locals to each turn through Micrometer's context
 * propagation: everything registered with the {@link ContextRegistry}, which is where
 * Micrometer registers the current {@code Observation} (and with it the trace and the MDC
 * fields tracing puts there) and Spring Security its {@code SecurityContext}.
 * <p>
 * A thread-local the sender did not have is cleared for the turn, so a value never leaks
 * from one sender's turn into another's, and ticks of timers and reminders see none. A
 * sender with none of the registered thread-locals set carries nothing, and its turn
 * clears nothing unless the executor's thread has a value of its own.
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
		// Accessors are read on every send: they may be registered while the application
		// runs. A sender with no value set (no observation, no security context) carries
		// nothing, at the cost of one read per accessor and no allocation.
		return anyValueSet() ? this.snapshots.captureAll() : null;
	}

	@Override
	public Scope restore(@Nullable Object context) {
		if (context != null) {
			return ((ContextSnapshot) context).setThreadLocals()::close;
		}
		// Fresh: clear only a thread that has something to clear. Turns put back what
		// their thread had, so an executor's thread usually has nothing.
		return anyValueSet() ? this.fresh.setThreadLocals()::close : NOTHING_RESTORED;
	}

	private boolean anyValueSet() {
		for (ThreadLocalAccessor<?> accessor : this.contextRegistry.getThreadLocalAccessors()) {
			if (accessor.getValue() != null) {
				return true;
			}
		}
		return false;
	}

}
