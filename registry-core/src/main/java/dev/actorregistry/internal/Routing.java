package dev.actorregistry.internal;

import org.jspecify.annotations.Nullable;

/**
 * What an ask carries beyond its function when async turns are involved: whether its
 * message is an async turn, whether it may run interleaved, and the call chain of the
 * turn that sent it. Made only for such asks (an ask made outside every async turn's call
 * chain carries none), and one per ask: it also holds the hand-over of its reply to a
 * waiting turn ({@link Reply}).
 */
final class Routing {

	/** Whether the message returns a stage whose completion ends its turn. */
	final boolean async;

	final Interleaving interleaving;

	/**
	 * The turn that sent it and the turns that led to that one; null if it was sent
	 * outside every chain.
	 */
	final @Nullable CallChain chain;

	/**
	 * The hand-over of the reply into the sender's async turn, once the reply came:
	 * whoever runs it first completes the reply.
	 */
	volatile @Nullable Resumption resumption;

	/**
	 * Set when the sending turn blocks on the reply on its own thread: the reply then
	 * completes directly rather than through the turn, whose thread is the one waiting.
	 */
	volatile boolean awaitedInTurn;

	/**
	 * Set when the async turn of this message began: from then on the turn's deadline,
	 * not the reply's timer, ends the wait.
	 */
	volatile boolean turnBegan;

	private Routing(boolean async, Interleaving interleaving, @Nullable CallChain chain) {
		this.async = async;
		this.interleaving = interleaving;
		this.chain = chain;
	}

	/**
	 * The routing of an ask sent from the current thread.
	 * @param async whether its message is an async turn
	 * @param interleaving whether it may run interleaved
	 * @return the routing, or null for an ask that needs none
	 */
	static @Nullable Routing forSend(boolean async, Interleaving interleaving) {
		CallChain chain = CallChain.ofCurrentTurn();
		if (!async && interleaving == Interleaving.NONE && chain == null) {
			return null;
		}
		return new Routing(async, interleaving, chain);
	}

	/**
	 * The routing of a future that completes in {@code turn} whoever completes it
	 * ({@link TurnStages}): it is never offered to an actor.
	 * @param turn the async turn
	 * @return the routing
	 */
	static Routing resumingIn(AsyncTurn turn) {
		return new Routing(false, Interleaving.NONE, turn);
	}

	/**
	 * The async turn the reply hands its completion to, so that what is chained on it
	 * runs in the sender's turn.
	 * @return it, or null if the ask was not sent from an async turn
	 */
	@Nullable AsyncTurn resumeIn() {
		return (this.chain instanceof AsyncTurn turn) ? turn : null;
	}

	/** Whether offering the message may route it elsewhere than its mailbox. */
	boolean mayReroute() {
		return this.chain != null || this.interleaving == Interleaving.ALWAYS;
	}

}
