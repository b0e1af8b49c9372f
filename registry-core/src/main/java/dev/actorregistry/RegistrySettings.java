package dev.actorregistry;

import java.time.Duration;

import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.StateStore;

/**
 * The settings a registry runs with, as shown by monitoring.
 *
 * @param idleTimeout idle time after which an actor is passivated; zero for never
 * @param maxActive the most live actors before the least recently active idle ones are
 * passivated; zero for no limit
 * @param mailboxCapacity the most messages waiting or running per actor; zero for
 * unbounded
 * @param failurePolicy what happens to an actor whose message threw
 * @param drainTimeout how long {@link ActorRegistry#close()} lets queued work run
 * @param persistent whether the registry has a {@link StateStore} for its
 * {@link PersistentActor persistent actors}
 * @param snapshotInterval how often live states are saved; zero for only on stop
 * @param writeThrough whether states are saved after every message
 * @param askTimeout how long an ask waits for its answer unless given a timeout of its
 * own
 * @param startTimeout how long a start (factory, state load, onStart) may take
 */
public record RegistrySettings(Duration idleTimeout, int maxActive, int mailboxCapacity, FailurePolicy failurePolicy,
		Duration drainTimeout, boolean persistent, Duration snapshotInterval, boolean writeThrough, Duration askTimeout,
		Duration startTimeout) {
}
