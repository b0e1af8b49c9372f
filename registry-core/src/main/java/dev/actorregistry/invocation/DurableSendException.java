package dev.actorregistry.invocation;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;

/**
 * A durable send could not be made, or could not be delivered now. A send that could not
 * be delivered stays in its sender's outbox and is delivered again later.
 */
public class DurableSendException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry concerned
	 * @param key the actor concerned, or null
	 * @param problem what went wrong
	 * @param advice what to do about it
	 * @param cause the underlying failure, if any
	 */
	public DurableSendException(String registry, @Nullable Object key, String problem, String advice,
			@Nullable Throwable cause) {
		super(registry, key, problem, advice, cause);
	}

}
