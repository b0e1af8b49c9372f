package dev.actorregistry;

import java.util.List;

/**
 * An actor's turn blocked on an answer that can never come: it asked itself, or actors
 * that each wait inside their turn for the next one's answer make a cycle back to it. An
 * actor runs one turn at a time, so the wait would last forever; it fails at once
 * instead.
 */
public class ActorDeadlockException extends ActorRegistryException {

	private final List<String> chain;

	/**
	 * Create an exception.
	 * @param registry the registry of the actor whose turn would have blocked
	 * @param key that actor's key
	 * @param chain the actors that wait for each other, as {@code registry/key}, from
	 * that actor back to it
	 */
	public ActorDeadlockException(String registry, Object key, List<String> chain) {
		super(registry, key,
				"it waits inside its own turn for an answer that can never come: " + String.join(" → ", chain)
						+ " each wait for the next, and an actor runs one turn at a time",
				"Inside a turn, do not block on an ask (join, get): compose its future (thenAccept, thenCompose) "
						+ "or send with tell",
				null);
		this.chain = List.copyOf(chain);
	}

	/**
	 * Create an exception that says in its own words why the wait can never end.
	 * @param registry the registry of the actor concerned
	 * @param key that actor's key
	 * @param chain the actors involved, as {@code registry/key}, in order
	 * @param problem what went wrong, without a closing period
	 * @param advice what to do about it, without a closing period
	 */
	protected ActorDeadlockException(String registry, Object key, List<String> chain, String problem, String advice) {
		super(registry, key, problem, advice, null);
		this.chain = List.copyOf(chain);
	}

	/**
	 * The actors that wait for each other.
	 * @return each as {@code registry/key}, from the actor whose turn would have blocked
	 * back to it
	 */
	public List<String> chain() {
		return this.chain;
	}

}
