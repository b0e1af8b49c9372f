package dev.actorregistry.benchmarks.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The peer of {@link Adder} as a Pekko sharded entity: the same total behind the same
 * message.
 */
public final class PekkoAdder {

	private PekkoAdder() {
	}

	/**
	 * Add to the total and answer it.
	 *
	 * @param amount what to add
	 * @param replyTo where to answer the total after
	 */
	public record Add(long amount, ActorRef<Long> replyTo) {
	}

	/**
	 * An adder entity.
	 * @return its behavior
	 */
	public static Behavior<Add> create() {
		return Behaviors.setup((context) -> {
			Adder adder = new Adder();
			return Behaviors.receiveMessage((add) -> {
				add.replyTo().tell(adder.add(add.amount()));
				return Behaviors.same();
			});
		});
	}

}
