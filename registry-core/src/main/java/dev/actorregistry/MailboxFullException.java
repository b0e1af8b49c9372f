package dev.actorregistry;

/**
 * A bounded mailbox was at capacity. The message was not accepted; the sender's thread
 * was never blocked.
 */
public class MailboxFullException extends ActorRegistryException {

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param key the actor's key
	 * @param capacity the mailbox's capacity
	 */
	public MailboxFullException(String registry, Object key, int capacity) {
		super(registry, key, "its mailbox is full (capacity " + capacity + ")",
				"Retry later, or raise the registry's mailbox capacity", null);
	}

}
