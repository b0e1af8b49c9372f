package dev.actorregistry.autoconfigure;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ActorStoppedException;
import dev.actorregistry.AskTimeoutException;
import dev.actorregistry.MailboxFullException;
import dev.actorregistry.RegistryClosedException;
import dev.actorregistry.RegistryDrainingException;
import dev.actorregistry.StateConflictException;
import dev.actorregistry.StateLoadException;
import dev.actorregistry.StateSaveException;

/**
 * Answers requests whose actor cannot be reached right now with a problem detail: 503
 * while the registry drains or after it stopped (another instance can serve the request),
 * 429 when the actor's mailbox is full. Define a bean of this type to replace it.
 */
@RestControllerAdvice
public class RegistryUnavailableExceptionHandler {

	/**
	 * The registry is draining or stopped, or the actor stopped before the message ran (a
	 * drain that timed out): a retry, here or on another instance, can succeed.
	 * @param ex the refusal
	 * @return 503 with a problem detail naming the registry and key
	 */
	@ExceptionHandler({ RegistryDrainingException.class, RegistryClosedException.class, ActorStoppedException.class })
	public ResponseEntity<ProblemDetail> registryUnavailable(ActorRegistryException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Actor registry unavailable", ex);
	}

	/**
	 * The actor's state store failed: its state could not be loaded, so it did not start,
	 * or the message ran but its state could not be saved (write-through), so the reply
	 * was withheld. A retry can succeed once the store is back; a retried message whose
	 * first attempt ran but was not saved runs twice, so make such messages idempotent.
	 * @param ex the failure
	 * @return 503 with a problem detail naming the registry and key
	 */
	@ExceptionHandler({ StateLoadException.class, StateSaveException.class })
	public ResponseEntity<ProblemDetail> stateStoreUnavailable(ActorRegistryException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Actor state store unavailable", ex);
	}

	/**
	 * Another activation of the key, on another instance, saved a newer state, so this
	 * one stopped: the message did not take effect here, and a retry reaches an actor
	 * with the newer state.
	 * @param ex the conflict
	 * @return 503 with a problem detail naming the registry and key
	 */
	@ExceptionHandler(StateConflictException.class)
	public ResponseEntity<ProblemDetail> stateConflict(StateConflictException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Actor state conflict", ex);
	}

	/**
	 * The actor did not answer within the ask's deadline: it is busy or stuck. The
	 * message does not run if it had not started; one that had may still take effect, so
	 * make messages that a client retries idempotent.
	 * @param ex the timeout
	 * @return 503 with a problem detail naming the registry and key
	 */
	@ExceptionHandler(AskTimeoutException.class)
	public ResponseEntity<ProblemDetail> askTimedOut(AskTimeoutException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Actor did not answer in time", ex);
	}

	/**
	 * The actor's mailbox is full.
	 * @param ex the refusal
	 * @return 429 with a problem detail naming the registry and key
	 */
	@ExceptionHandler(MailboxFullException.class)
	public ResponseEntity<ProblemDetail> mailboxFull(MailboxFullException ex) {
		return problem(HttpStatus.TOO_MANY_REQUESTS, "Actor busy", ex);
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, ActorRegistryException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle(title);
		problem.setProperty("registry", ex.registry());
		if (ex.key() != null) {
			// a key is the client's own input: never echo more than its start
			problem.setProperty("key", ActorRegistryException.keyText(ex.key()));
		}
		return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

}
