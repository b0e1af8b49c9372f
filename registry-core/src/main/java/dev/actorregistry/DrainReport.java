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
 * @param statesNotSaved persistent actors whose final save still failed when the time was
 * up: their changes since the last successful save are lost
 */
public record DrainReport(String registry, Duration elapsed, int actorsStopped, int actorsNotStopped,
		long messagesProcessed, long messagesRejected, long messagesAbandoned, int statesNotSaved) {

	/**
	 * Whether the drain finished all accepted work and stopped every actor in time.
	 * @return true when nothing was abandoned, no actor was left running and every state
	 * was saved
	 */
	public boolean isComplete() {
		return this.actorsNotStopped == 0 && this.messagesAbandoned == 0 && this.statesNotSaved == 0;
	}

}
