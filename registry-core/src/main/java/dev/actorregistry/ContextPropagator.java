package dev.actorregistry;

import org.jspecify.annotations.Nullable;

/**
 * Carries the sender's thread context (logging MDC, the current trace, a security
 * context, ...) with each message to the actor's turn, which runs on another thread.
 * <p>
 * A registry built with one calls {@link #capture()} on the sending thread for every
 * {@code ask}, {@code tell} and topic publication, keeps what it returns with the
 * message, and around the message's function calls {@link #restore(Object)} on the turn's
 * thread and closes the scope it returns after the function, even when it throws. A start
 * (factory, state load, {@code onStart}) runs with the context of whoever caused it: the
 * message that activated the actor, or the caller of {@code startAsync}. Ticks of timers
 * and reminders were sent by nobody: they run with {@code restore(null)}, a fresh
 * context. Without a propagator the registry does none of this and costs nothing.
 * <p>
 * Both methods run on the registry's hot path, once per message: keep them cheap, and
 * never block in them. They must not throw; if {@code restore} or a scope's {@code close}
 * does, the registry logs it and runs the turn without the context.
 */
public interface ContextPropagator {

	/**
	 * Take the calling thread's context, to carry with a message it sends.
	 * @return what to carry, or {@code null} when there is nothing to carry (the turn
	 * then gets a fresh context, as a timer's tick does)
	 */
	@Nullable Object capture();

	/**
	 * Make a captured context the current thread's, for one turn: values the sender did
	 * not have must be absent from the turn too, so that nothing leaks from one sender's
	 * turn to another's.
	 * @param context what {@link #capture()} returned on the sender's thread, or
	 * {@code null} for a fresh, empty context (timers, reminders, senders with nothing to
	 * carry)
	 * @return a scope that puts back what the thread had before, closed after the turn
	 */
	Scope restore(@Nullable Object context);

	/** A context made current for one turn; closing it puts back the thread's own. */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		/** Put back what the thread had before the turn. */
		@Override
		void close();

	}

}
