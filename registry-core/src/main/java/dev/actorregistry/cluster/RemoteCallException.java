package dev.actorregistry.cluster;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;

/**
 * A call routed to another member that did not give a result: it was not run there, its
 * outcome is unknown, or the actor's operation failed there.
 */
public class RemoteCallException extends ActorRegistryException {

	/** What became of the call. */
	public enum Kind {

		/**
		 * The call did not run: the member does not own the key (any more), drains, or
		 * could not be reached before it was sent. Safe to try again.
		 */
		NOT_RUN,

		/**
		 * The member left or did not answer after the call was sent: it may have run or
		 * not. Not tried again by the registry, as that could run it twice.
		 */
		OUTCOME_UNKNOWN,

		/** The actor's operation threw on the owning member. */
		FAILED

	}

	private final Kind kind;

	private final @Nullable String remoteType;

	private final @Nullable String remoteMessage;

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the key, as text
	 * @param kind what became of the call
	 * @param remoteType for {@link Kind#FAILED}, the class name of what the operation
	 * threw; else null
	 * @param problem what went wrong
	 * @param advice what to do
	 * @param cause the local cause, if any
	 */
	public RemoteCallException(String registry, @Nullable Object key, Kind kind, @Nullable String remoteType,
			String problem, String advice, @Nullable Throwable cause) {
		this(registry, key, kind, remoteType, null, problem, advice, cause);
	}

	/**
	 * Create an exception for an operation that failed on the owning member.
	 * @param registry the registry's name
	 * @param key the key, as text
	 * @param kind what became of the call
	 * @param remoteType the class name of what the operation threw, or null
	 * @param remoteMessage its message, or null; not part of this exception's message,
	 * which never carries a cause's text
	 * @param problem what went wrong
	 * @param advice what to do
	 * @param cause the local cause, if any
	 */
	public RemoteCallException(String registry, @Nullable Object key, Kind kind, @Nullable String remoteType,
			@Nullable String remoteMessage, String problem, String advice, @Nullable Throwable cause) {
		super(registry, key, problem, advice, cause);
		this.kind = kind;
		this.remoteType = remoteType;
		this.remoteMessage = remoteMessage;
	}

	/**
	 * What became of the call.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * For a failed operation, the class name of what it threw on the owning member.
	 * @return the class name, or null
	 */
	public @Nullable String remoteType() {
		return this.remoteType;
	}

	/**
	 * For a failed operation, the message of what it threw on the owning member.
	 * @return the message, or null
	 */
	public @Nullable String remoteMessage() {
		return this.remoteMessage;
	}

}
