package dev.actorregistry;

import java.time.Duration;

/**
 * What {@link ActorRegistry#drain} did. Nothing is lost in silence: every message that
 * did not run is counted here as rejected or abandoned.
 *
 * @param registry the registry's name
 * @param elapsed how long the drain took
 * @param actorsStopped actors stopped by the end of the drain
 * @param actorsNotStopped actors still running a message when the time was up; each stops
 * as soon as that message ends
 * @param messagesProcessed messages run while draining
 * @param messagesRejected messages refused while draining (no new activations, stopped
 * actors, full mailboxes)
 * @param messagesAbandoned messages accepted but failed unrun with an
 * {@link ActorStoppedException} because the time was up
 */
public record DrainReport(String registry, Duration elapsed, int actorsStopped, int actorsNotStopped,
		long messagesProcessed, long messagesRejected, long messagesAbandoned) {

	/**
	 * Whether the drain finished all accepted work and stopped every actor in time.
	 * @return true when nothing was abandoned and no actor was left running
	 */
	public boolean isComplete() {
		return this.actorsNotStopped == 0 && this.messagesAbandoned == 0;
	}

}
