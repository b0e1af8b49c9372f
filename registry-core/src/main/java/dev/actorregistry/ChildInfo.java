package dev.actorregistry;

import java.time.Instant;

/**
 * A snapshot of one live actor, as listed by {@link ActorRegistry#whichChildren}.
 *
 * @param key the actor's key
 * @param actor the instance; send it messages through the registry rather than calling it
 * @param status {@link ActorStatus#ACTIVE} or {@link ActorStatus#STOPPING}
 * @param startedAt when the activation started
 * @param lastActiveAt when its mailbox last became empty (its start, if it never ran a
 * message)
 * @param mailboxSize messages accepted and not yet finished, the running one included
 * @param processed messages run by this activation
 * @param failures messages of this activation that threw
 * @param <K> the key type
 * @param <A> the actor type
 */
public record ChildInfo<K, A>(K key, A actor, ActorStatus status, Instant startedAt, Instant lastActiveAt,
		int mailboxSize, long processed, long failures) {
}
