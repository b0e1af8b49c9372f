package dev.actorregistry.spring;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectFactory;

import dev.actorregistry.ActorContext;

/**
 * The actor being created on this thread, so its constructor can be given its
 * {@link ActorContext} and {@link ActorKey key} while Spring injects everything else.
 * <p>
 * Public, with public {@code currentKey()} and {@code currentContext()}, only because
 * {@link ActorKey @ActorKey} reaches them through a SpEL type reference,
 * {@code T(dev.actorregistry.spring.ActorCreation)}, which needs a public class; not for
 * applications to call.
 */
public final class ActorCreation {

	private static final ThreadLocal<@Nullable ActorContext<?>> current = new ThreadLocal<>();

	private ActorCreation() {
	}

	/**
	 * Mark the start of an actor's creation on this thread.
	 * @return the context of an outer creation (a factory may start other actors), to
	 * restore with {@link #end}
	 */
	static @Nullable ActorContext<?> begin(ActorContext<?> context) {
		ActorContext<?> outer = current.get();
		current.set(context);
		return outer;
	}

	static void end(@Nullable ActorContext<?> outer) {
		// Cleared, not removed: the thread's entry stays for its next creation, which
		// then costs a store rather than a map insertion.
		current.set(outer);
	}

	/**
	 * The context of the actor being created on this thread.
	 * @return the context
	 * @throws IllegalStateException outside the creation of an actor by its registry
	 */
	public static ActorContext<?> currentContext() {
		ActorContext<?> context = current.get();
		if (context == null) {
			throw new IllegalStateException("An ActorContext or @ActorKey can only be injected into an @Actor bean "
					+ "created by its registry: obtain actors through ActorRegistry, not from the application context.");
		}
		return context;
	}

	/**
	 * The key of the actor being created on this thread; used by {@link ActorKey}.
	 * @return the key
	 */
	public static Object currentKey() {
		return currentContext().key();
	}

	/**
	 * Resolves {@link ActorContext} injection points. Not serializable, so Spring asks it
	 * for the context at injection time instead of injecting a proxy.
	 */
	static final class ContextFactory implements ObjectFactory<ActorContext<?>> {

		@Override
		public ActorContext<?> getObject() {
			return currentContext();
		}

	}

}
