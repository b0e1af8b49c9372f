package dev.actorregistry.internal;

/**
 * Whether a message may run while its actor is suspended in an async turn, for the typed
 * proxies' {@code @Reentrant} and {@code @Interleave} operations.
 */
public enum Interleaving {

	/**
	 * Never: it waits for the turn; if it came back within the turn's call chain, it
	 * fails.
	 */
	NONE,

	/** Only when it comes back within the call chain of the suspended turn. */
	REENTRANT,

	/** Whenever the actor is suspended in an async turn. */
	ALWAYS

}
