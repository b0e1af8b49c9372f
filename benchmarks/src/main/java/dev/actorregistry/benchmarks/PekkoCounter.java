package dev.actorregistry.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The peer of {@link Counter} in Apache Pekko typed: the same counter behind the same
 * messages, and the actor systems the benchmarks run it on.
 */
public final class PekkoCounter {

	private PekkoCounter() {
	}

	/** What a Pekko counter understands. */
	public interface Command {

	}

	/**
	 * Count one message, then tell the batch it ran.
	 *
	 * @param batch the batch it belongs to
	 */
	public record Increment(Batch batch) implements Command {
	}

	/**
	 * Count one message and answer the count.
	 *
	 * @param replyTo where to answer
	 */
	public record IncrementAndGet(ActorRef<Long> replyTo) implements Command {
	}

	/**
	 * A counter actor.
	 * @return its behavior
	 */
	public static Behavior<Command> create() {
		return Behaviors.setup((context) -> {
			Counter counter = new Counter();
			return Behaviors.receiveMessage((command) -> {
				if (command instanceof Increment increment) {
					counter.increment();
					increment.batch().ran();
				}
				else if (command instanceof IncrementAndGet get) {
					get.replyTo().tell(counter.incrementAndGet());
				}
				return Behaviors.same();
			});
		});
	}

	/**
	 * An actor system whose default dispatcher is a fork-join pool with as many threads
	 * as the registry's default executor: one per core, so both runtimes get the same
	 * threads. Pekko's other defaults (5 messages per actor per turn among them) are
	 * kept.
	 * @param <T> the guardian's message type
	 * @param guardian the guardian
	 * @param name the system's name
	 * @return the running system
	 */
	public static <T> ActorSystem<T> system(Behavior<T> guardian, String name) {
		return system(guardian, name, ConfigFactory.empty());
	}

	/**
	 * An actor system as {@link #system(Behavior, String)} makes it, with more settings.
	 * @param <T> the guardian's message type
	 * @param guardian the guardian
	 * @param name the system's name
	 * @param settings settings over the defaults, such as a cluster's
	 * @return the running system
	 */
	public static <T> ActorSystem<T> system(Behavior<T> guardian, String name, Config settings) {
		int threads = Runtime.getRuntime().availableProcessors();
		Config config = settings
			.withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING\n" + "pekko.log-dead-letters = off\n"
					+ "pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = " + threads + "\n"
					+ "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + threads + "\n"))
			.withFallback(ConfigFactory.load());
		return ActorSystem.create(guardian, name, config);
	}

	/**
	 * Stop a system and wait until it has.
	 * @param system the system
	 */
	public static void terminate(ActorSystem<?> system) {
		system.terminate();
		CompletableFuture<?> terminated = system.getWhenTerminated().toCompletableFuture();
		try {
			terminated.get(1, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Pekko system " + system.name() + " did not terminate", ex);
		}
	}

}
