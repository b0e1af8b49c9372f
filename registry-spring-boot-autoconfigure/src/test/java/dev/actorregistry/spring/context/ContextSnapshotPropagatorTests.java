package dev.actorregistry.spring.context;

import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.ContextPropagator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The propagator on a context registry of its own, with two thread-locals: a sender's
 * values replace the turn thread's for the turn, values the sender lacked are cleared,
 * and closing the scope puts back what the thread had.
 */
class ContextSnapshotPropagatorTests {

	private static final ThreadLocal<String> TRACE = new ThreadLocal<>();

	private static final ThreadLocal<String> USER = new ThreadLocal<>();

	private final ContextPropagator propagator = new ContextSnapshotPropagator(
			new ContextRegistry().registerThreadLocalAccessor("trace", TRACE)
				.registerThreadLocalAccessor("user", USER));

	@AfterEach
	void clear() {
		TRACE.remove();
		USER.remove();
	}

	@Test
	void senderWithNothingSetCarriesNothing() {
		assertThat(this.propagator.capture()).isNull();
	}

	@Test
	void turnSeesExactlyTheSendersValuesAndTheThreadGetsItsOwnBack() {
		TRACE.set("trace-1");
		Object captured = this.propagator.capture();
		TRACE.set("turn-thread-trace");
		USER.set("turn-thread-user");

		try (ContextPropagator.Scope scope = this.propagator.restore(captured)) {
			assertThat(TRACE.get()).isEqualTo("trace-1");
			assertThat(USER.get()).as("a value the sender did not have").isNull();
		}
		assertThat(TRACE.get()).isEqualTo("turn-thread-trace");
		assertThat(USER.get()).isEqualTo("turn-thread-user");
	}

	@Test
	void freshContextClearsWhatTheThreadHasForTheTurnOnly() {
		USER.set("turn-thread-user");

		try (ContextPropagator.Scope scope = this.propagator.restore(null)) {
			assertThat(USER.get()).isNull();
			assertThat(TRACE.get()).isNull();
		}
		assertThat(USER.get()).isEqualTo("turn-thread-user");
	}

	@Test
	void accessorsRegisteredLaterAreCarried() {
		ThreadLocal<String> later = new ThreadLocal<>();
		ContextRegistry registry = new ContextRegistry();
		ContextPropagator late = new ContextSnapshotPropagator(registry);
		later.set("value");
		assertThat(late.capture()).isNull();

		registry.registerThreadLocalAccessor("later", later);
		Object captured = late.capture();
		later.remove();
		try (ContextPropagator.Scope scope = late.restore(captured)) {
			assertThat(later.get()).isEqualTo("value");
		}
		assertThat(later.get()).isNull();
	}

}
