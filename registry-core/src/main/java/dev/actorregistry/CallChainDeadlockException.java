package dev.actorregistry;

import java.util.List;

/**
 * A call came back to an actor within its own call chain while the async turn that began
 * the chain had not ended: the actor's turn called another actor (directly, or through
 * more), whose turn called the first one again. The actor runs one turn at a time and its
 * async turn holds it until the turn's stage completes, so the call would wait for that
 * turn, which may well wait for the call: it fails at once instead, as Orleans refuses a
 * call back into a non-reentrant grain.
 * <p>
 * Operations marked {@link dev.actorregistry.invocation.Reentrant @Reentrant} (or of a
 * contract so marked) run interleaved at the turn's await points instead of failing.
 */
public class CallChainDeadlockException extends ActorDeadlockException {

	/**
	 * Create an exception.
	 * @param registry the registry of the actor the call came back to
	 * @param key that actor's key
	 * @param chain the call chain, as {@code registry/key}, from that actor back to it
	 */
	public CallChainDeadlockException(String registry, Object key, List<String> chain) {
		super(registry, key, chain,
				"a call came back to it within its own call chain (" + String.join(" → ", chain)
						+ ") while its async turn that began the chain has not ended; it runs one turn at a time, so "
						+ "the call would wait for that turn, which may be waiting for the call",
				"Mark the operation (or its contract) @Reentrant if it may run interleaved at the turn's await "
						+ "points, send it one way (tell), or let the turn end before calling back");
	}

}
