package dev.actorregistry.persistence;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * An actor whose state survives passivation, restarts and crashes, through the registry's
 * {@link StateStore}.
 * <p>
 * When an activation starts, the registry loads the latest state and passes it to
 * {@link #restore} before {@code onStart} and before the first message; a key with
 * nothing stored starts with the state the actor was created with. The registry calls
 * {@link #snapshot} on the actor's own turn, never concurrently with a message: when the
 * actor stops (before {@code onStop}), every snapshot interval, and after each message
 * when write-through is on. It saves only when the serialized state changed.
 *
 * @param <S> the state type; keep it a small immutable value, such as a record
 */
public interface PersistentActor<S> {

	/**
	 * The state to save. Called on the actor's turn.
	 * @return the current state
	 */
	S snapshot();

	/**
	 * Take over a stored state. Called once per activation, before {@code onStart}, and
	 * only if a state was stored.
	 * @param state the latest stored state
	 */
	void restore(S state);

	/**
	 * The class states are read as. By default the type argument given to
	 * {@code PersistentActor} by the actor's class or one of its superclasses.
	 * @return the state class
	 * @throws IllegalStateException if the type argument is not a class; override this
	 * method then
	 */
	@SuppressWarnings("unchecked")
	default Class<S> stateType() {
		for (Class<?> type = getClass(); type != null; type = type.getSuperclass()) {
			for (Type implemented : type.getGenericInterfaces()) {
				if (implemented instanceof ParameterizedType parameterized
						&& parameterized.getRawType() == PersistentActor.class) {
					Type argument = parameterized.getActualTypeArguments()[0];
					if (argument instanceof Class<?> stateClass) {
						return (Class<S>) stateClass;
					}
					if (argument instanceof ParameterizedType generic) {
						return (Class<S>) generic.getRawType();
					}
				}
			}
		}
		throw new IllegalStateException("Cannot tell the state type of " + getClass().getName()
				+ " from its declaration; override PersistentActor.stateType() to name it");
	}

}
