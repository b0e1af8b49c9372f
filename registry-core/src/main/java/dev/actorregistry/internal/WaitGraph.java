package dev.actorregistry.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Which actors' turns are blocked waiting for an answer from which actor, across every
 * registry of the JVM, to refuse a wait that can never end.
 * <p>
 * An actor runs one turn at a time, so a turn blocked on an answer from an actor whose
 * own turn is blocked on the first can never go on: A waits for B, B for A. Each turn
 * records its edge before it looks for a cycle, so of two turns closing a cycle at once
 * at least one sees the other's edge. Only blocked turns are recorded: a turn that never
 * blocks costs nothing here. An edge whose reply is already complete is not followed: the
 * turn it records is about to go on, though its thread has not yet taken the edge away,
 * as when the awaited actor answered it just before it asked back.
 */
final class WaitGraph {

	/** The most actors a cycle is followed through. */
	private static final int MAX_HOPS = 1_000;

	/** Each blocked turn's actor, and the reply it waits for. */
	private static final ConcurrentHashMap<Activation<?, ?>, Reply<?>> WAITING = new ConcurrentHashMap<>();

	private WaitGraph() {
	}

	/**
	 * Record that {@code waiter}'s turn blocks until the actor {@code awaited} was sent
	 * to answers, unless that can never happen.
	 * @param waiter the actor whose turn blocks
	 * @param awaited the reply it waits for, its {@link Reply#target} set
	 * @return the cycle, from the waiter back to it, if the wait can never end (nothing
	 * is recorded then); null if it may end
	 */
	static @Nullable List<Activation<?, ?>> startWaiting(Activation<?, ?> waiter, Reply<?> awaited) {
		Activation<?, ?> target = Objects.requireNonNull(awaited.target);
		List<Activation<?, ?>> chain = new ArrayList<>(4);
		chain.add(waiter);
		chain.add(target);
		if (target == waiter) {
			return chain;
		}
		WAITING.put(waiter, awaited);
		Activation<?, ?> next = target;
		for (int hops = 0; hops < MAX_HOPS; hops++) {
			Reply<?> blocking = WAITING.get(next);
			next = (blocking != null && !blocking.isDone()) ? blocking.target : next.predecessor();
			if (next == null) {
				return null;
			}
			chain.add(next);
			if (next == waiter) {
				WAITING.remove(waiter);
				return chain;
			}
		}
		return null;
	}

	/**
	 * The waiter's turn no longer blocks.
	 * @param waiter the actor whose turn blocked
	 */
	static void stopWaiting(Activation<?, ?> waiter) {
		WAITING.remove(waiter);
	}

}
