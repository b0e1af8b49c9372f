package dev.actorregistry.persistence;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;

/**
 * A {@link StateStore} refused a save because the stored revision is not the one the
 * writer expected: another activation of the same key, elsewhere, saved since.
 */
public class StaleRevisionException extends ActorRegistryException {

	private final long expectedRevision;

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param expectedRevision the revision the writer expected
	 * @param cause the store's own failure that showed the conflict (a database's
	 * optimistic lock or unique key failure, say), or {@code null} if the store found the
	 * other revision itself
	 */
	public StaleRevisionException(String registry, Object key, long expectedRevision, @Nullable Throwable cause) {
		super(registry, key,
				"its stored state is no longer at revision " + expectedRevision
						+ ": another activation of this key saved since",
				"Only one activation may write a key: load the newer state before saving again", cause);
		this.expectedRevision = expectedRevision;
	}

	/**
	 * The revision the writer expected.
	 * @return the revision
	 */
	public long expectedRevision() {
		return this.expectedRevision;
	}

}
