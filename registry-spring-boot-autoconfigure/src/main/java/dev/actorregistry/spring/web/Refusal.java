package dev.actorregistry.spring.web;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.ActorStoppedException;
import dev.actorregistry.AskTimeoutException;
import dev.actorregistry.KeyTooLongException;
import dev.actorregistry.MailboxFullException;
import dev.actorregistry.RegistryClosedException;
import dev.actorregistry.RegistryDrainingException;
import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.persistence.StateLoadException;
import dev.actorregistry.persistence.StateSaveException;

/**
 * The kinds of refusal a registry answers over HTTP, each with its status, title, type
 * and a fixed detail. The details never carry an exception's message, which may embed a
 * cause's text (SQL, a host name); the cause is logged instead.
 */
enum Refusal {

	/**
	 * The registry is draining or stopped, or the actor stopped before the message ran:
	 * 503, another instance (or this one, once it runs again) can serve the request.
	 */
	REGISTRY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Actor registry unavailable", "registry-unavailable",
			"The actor registry on this instance is stopping or stopped, or the actor stopped before the request "
					+ "reached it, so the request did not take effect. Retry; a running instance can serve it.",
			RegistryDrainingException.class, RegistryClosedException.class, ActorStoppedException.class),

	/**
	 * The actor's state could not be loaded (it did not start) or saved after the message
	 * ran (write-through withheld the answer): 503, a retry can succeed once the store is
	 * back.
	 */
	STATE_STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Actor state store unavailable", "state-store-unavailable",
			"The actor's state could not be loaded, so the request did not run, or could not be saved after it "
					+ "ran, so its answer was withheld. Retry once the state store is available again; make "
					+ "requests that may have run safe to repeat.",
			StateLoadException.class, StateSaveException.class),

	/**
	 * Another instance saved a newer state of the actor: 503, a retry reaches an actor
	 * with the newer state.
	 */
	STATE_CONFLICT(HttpStatus.SERVICE_UNAVAILABLE, "Actor state conflict", "state-conflict",
			"Another instance saved a newer state of the actor, so the request did not take effect here. Retry; "
					+ "it reaches the actor with the newer state.",
			StateConflictException.class),

	/**
	 * The actor did not answer within the ask's deadline: 503, it is busy or stuck.
	 */
	ASK_TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE, "Actor did not answer in time", "ask-timeout",
			"The actor did not answer within the request's deadline. The request may still take effect if it had "
					+ "started; retry it if it is safe to repeat.",
			AskTimeoutException.class),

	/**
	 * The actor's mailbox is full: 429, a retry after a moment can succeed.
	 */
	MAILBOX_FULL(HttpStatus.TOO_MANY_REQUESTS, "Actor busy", "actor-busy",
			"The actor has as many messages waiting as it accepts, so the request was not accepted. Retry after a "
					+ "moment.",
			MailboxFullException.class),

	/**
	 * The key is longer than the registry's store keeps: 400, no retry of the same key
	 * can succeed. The detail says both lengths.
	 */
	KEY_TOO_LONG(HttpStatus.BAD_REQUEST, "Actor key too long", "key-too-long",
			"The actor key is %d characters long, and this registry keeps keys of up to %d characters. Use a "
					+ "shorter key; the same key can never succeed.",
			KeyTooLongException.class),

	/**
	 * In a cluster, no member ran the call within its deadline (the key's partition was
	 * moving, or its owner leaving): 503, it did not take effect and a retry can succeed.
	 */
	NOT_RUN_IN_CLUSTER(HttpStatus.SERVICE_UNAVAILABLE, "Actor's owner unavailable", "owner-unavailable",
			"No instance could run the request within its deadline (the actor was moving between instances, or "
					+ "its instance was leaving), so it did not take effect. Retry.",
			RemoteCallException.Kind.NOT_RUN),

	/**
	 * In a cluster, the member that owns the actor left or stopped answering while the
	 * call ran there: 502 without {@code Retry-After}, as the call may have taken effect
	 * and a blind retry could apply it twice.
	 */
	OUTCOME_UNKNOWN(HttpStatus.BAD_GATEWAY, "Actor's outcome unknown", "outcome-unknown",
			"The instance that runs the actor left or stopped answering while the request ran there, so it may or "
					+ "may not have taken effect. Read the actor's state before you retry, or make the request safe "
					+ "to repeat.",
			RemoteCallException.Kind.OUTCOME_UNKNOWN);

	private static final String TYPE_PREFIX = "urn:actor-registry:problem:";

	private static final int MAX_CAUSE_DEPTH = 32;

	private final HttpStatus status;

	private final String title;

	private final URI type;

	private final String detail;

	private final List<Class<? extends ActorRegistryException>> exceptions;

	/** For a cluster's {@link RemoteCallException}: the kind this refusal answers. */
	private final RemoteCallException.@Nullable Kind remoteKind;

	@SafeVarargs
	Refusal(HttpStatus status, String title, String type, String detail,
			Class<? extends ActorRegistryException>... exceptions) {
		this.status = status;
		this.title = title;
		this.type = URI.create(TYPE_PREFIX + type);
		this.detail = detail;
		this.exceptions = List.of(exceptions);
		this.remoteKind = null;
	}

	Refusal(HttpStatus status, String title, String type, String detail, RemoteCallException.Kind remoteKind) {
		this.status = status;
		this.title = title;
		this.type = URI.create(TYPE_PREFIX + type);
		this.detail = detail;
		this.exceptions = List.of(RemoteCallException.class);
		this.remoteKind = remoteKind;
	}

	private boolean answers(Throwable failure) {
		for (Class<? extends ActorRegistryException> type : this.exceptions) {
			if (type.isInstance(failure)) {
				return this.remoteKind == null || ((RemoteCallException) failure).kind() == this.remoteKind;
			}
		}
		return false;
	}

	/**
	 * The refusal a failure is, or carries as a cause (a {@code CompletionException} of a
	 * future, a {@code ServletException}, ...).
	 * @param failure the failure
	 * @return the refusal and the exception that is it, or {@code null} if it is none
	 */
	static @Nullable Refused of(@Nullable Throwable failure) {
		Throwable current = failure;
		// bounded: a chain of causes may loop
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++, current = current.getCause()) {
			for (Refusal refusal : values()) {
				if (refusal.answers(current)) {
					return new Refused(refusal, (ActorRegistryException) current);
				}
			}
		}
		return null;
	}

	/**
	 * The HTTP status.
	 * @return the status
	 */
	HttpStatus status() {
		return this.status;
	}

	/**
	 * The problem's title.
	 * @return the title
	 */
	String title() {
		return this.title;
	}

	/**
	 * The problem's type: {@code urn:actor-registry:problem:} and a name.
	 * @return the type
	 */
	URI type() {
		return this.type;
	}

	/**
	 * Whether a retry of the same request can succeed, so the answer says when with
	 * {@code Retry-After}.
	 * @return false for a refusal no retry can fix
	 */
	boolean retryable() {
		return this.status != HttpStatus.BAD_REQUEST && this != OUTCOME_UNKNOWN;
	}

	/**
	 * The problem's detail: a fixed sentence, with a too-long key's lengths.
	 * @param exception the refusal
	 * @return the detail
	 */
	String detail(ActorRegistryException exception) {
		if (exception instanceof KeyTooLongException tooLong) {
			return String.format(this.detail, tooLong.length(), tooLong.maxLength());
		}
		return this.detail;
	}

	/**
	 * The exceptions of this kind.
	 * @return the exception types
	 */
	List<Class<? extends ActorRegistryException>> exceptions() {
		return this.exceptions;
	}

	/**
	 * A refusal and the exception that is it.
	 *
	 * @param refusal its kind
	 * @param exception the exception
	 */
	record Refused(Refusal refusal, ActorRegistryException exception) {
	}

}
