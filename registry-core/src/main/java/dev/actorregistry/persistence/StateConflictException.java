package dev.actorregistry.persistence;

import dev.actorregistry.ActorRegistryException;

/**
 * An activation lost its key to another writer: its save found a newer revision in the
 * {@link StateStore}, so another activation of the same key, likely on another instance,
 * owns the state now. This activation stopped without saving, and the messages it had not
 * run fail with this exception.
 */
public class StateConflictException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param cause the store's refusal
	 */
	public StateConflictException(StaleRevisionException cause) {
		super(cause.registry(), cause.key(),
				"it stopped because another activation of this key saved a newer state (it expected revision "
						+ cause.expectedRevision() + "), and its unsaved changes are discarded",
				"Send again by key: a fresh activation loads the newer state", cause);
	}

}
