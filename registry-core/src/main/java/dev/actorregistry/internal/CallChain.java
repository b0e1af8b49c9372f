package dev.actorregistry.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;

/**
 * One link of a call chain: the turn of an actor that sent an ask, and the chain of the
 * message that turn runs. A chain begins at an async turn ({@link AsyncTurn}, a link
 * itself): an ask sent from it carries it, the turn that runs that ask extends it with a
 * link of its own when it asks further, and so on. An ask offered to an actor whose async
 * turn in its chain has not ended has come back to that actor: it fails fast, or runs
 * interleaved in that turn if it is reentrant ({@link Turns#reroute}). Blocking waits
 * between turns outside async turns are the {@link WaitGraph}'s.
 * <p>
 * Links are made only while an async turn lives somewhere in the JVM
 * ({@link AsyncTurn#live}), so an application that never uses async turns pays one read
 * of a counter per ask.
 */
class CallChain {

	/** The most links followed; a longer chain is cut, and checked no further. */
	private static final int MAX_LINKS = 256;

	/** The actor whose turn sent the ask. */
	final Turns<?, ?> actor;

	/** The chain of the message that turn ran; null if it began the chain. */
	final @Nullable CallChain caller;

	CallChain(Turns<?, ?> actor, @Nullable CallChain caller) {
		this.actor = actor;
		this.caller = caller;
	}

	/**
	 * The chain an ask sent from the current thread carries.
	 * @return the async turn it runs, a link for the turn it runs within a chain, or null
	 * outside any chain
	 */
	static @Nullable CallChain ofCurrentTurn() {
		if (!AsyncTurn.live()) {
			return null;
		}
		Turns<?, ?> running = Turns.running();
		if (running == null) {
			return null;
		}
		AsyncTurn turn = running.asyncTurn;
		if (turn != null) {
			return turn;
		}
		CallChain incoming = running.incoming;
		return (incoming != null) ? new CallChain(running, incoming) : null;
	}

	/** Whether this link is an async turn that has not ended. */
	boolean isLiveTurn() {
		return false;
	}

	/**
	 * The async turn of {@code target} in this chain that has not ended: an ask carrying
	 * the chain came back to it.
	 * @return it, or null
	 */
	final @Nullable AsyncTurn liveTurnOf(Turns<?, ?> target) {
		CallChain link = this;
		for (int links = 0; link != null && links < MAX_LINKS; links++, link = link.caller) {
			if (link.actor == target && link.isLiveTurn()) {
				return (AsyncTurn) link;
			}
		}
		return null;
	}

	/**
	 * The chain from {@code from} to this link, then {@code target}, each as
	 * {@code registry/key}.
	 */
	final List<String> path(CallChain from, Turns<?, ?> target) {
		List<String> names = new ArrayList<>();
		names.add(address(target));
		CallChain link = this;
		for (int links = 0; link != null && links < MAX_LINKS; links++, link = link.caller) {
			names.add(address(link.actor));
			if (link == from) {
				break;
			}
		}
		Collections.reverse(names);
		return names;
	}

	static String address(Turns<?, ?> actor) {
		return actor.dispatcher.name + "/" + ActorRegistryException.keyText(actor.key);
	}

}
