package dev.actorregistry.spring.web;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

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
import dev.actorregistry.spring.web.KeyDigest;
import dev.actorregistry.spring.web.Refusal.Refused;

/**
 * Answers a request refused by a registry with a problem detail (RFC 9457) whose status
 * says whether a retry can help: 503 with {@code Retry-After} while the registry drains
 * or stopped, the state store failed or the actor did not answer in time; 429 with
 * {@code Retry-After} when the actor's mailbox is full; 400 for a key longer than the
 * registry's store keeps; in a cluster, 503 with {@code Retry-After} for a call no member
 * ran in time and 502 without it for a call whose outcome is unknown (its member left
 * while it ran: a blind retry could apply it twice). See {@link Refusal} for each kind's
 * title, type and detail.
 * <p>
 * One class for Spring MVC and Spring WebFlux: its handler needs neither a servlet
 * request nor an exchange. It comes first among controller advice
 * ({@link Ordered#HIGHEST_PRECEDENCE}), so an application's own catch-all
 * {@code @ExceptionHandler(Exception.class)} advice does not turn refusals into 500s, and
 * Spring matches causes too, so a refusal wrapped by a future
 * ({@code CompletionException}) is answered the same. An {@code @ExceptionHandler} method
 * inside a controller still comes before any advice, as Spring defines.
 * <p>
 * Details are fixed sentences, never an exception's message, which may embed a cause's
 * text; the message goes to the log instead. A state that could not be loaded is logged
 * at WARN with its cause's text, once a minute per registry (the registry itself logs
 * failed saves and conflicts); everything else at DEBUG: refusals are expected under load
 * and while stopping, and {@code actors.messages.rejected} counts them. Define a bean of
 * this type to replace it.
 */
@RestControllerAdvice
public class ActorRegistryExceptionHandler implements Ordered {

	private static final Log logger = LogFactory.getLog(ActorRegistryExceptionHandler.class);

	private static final long WARN_INTERVAL = TimeUnit.MINUTES.toNanos(1);

	private static final String RETRY_AFTER_SECONDS = "1";

	private final boolean maskKeys;

	/** When each registry's failed load was last logged at WARN. */
	private final ConcurrentHashMap<String, Long> warnedAt = new ConcurrentHashMap<>();

	/**
	 * Create a handler that shows keys in problem details, abbreviated when long.
	 */
	public ActorRegistryExceptionHandler() {
		this(false);
	}

	/**
	 * Create a handler.
	 * @param maskKeys whether problem details show a key's {@link KeyDigest digest}
	 * rather than the key, for keys that may be personal data; their {@code instance} is
	 * then {@code urn:actor-registry:actor:<registry>:<digest>} rather than the request's
	 * path, which may hold the key
	 */
	public ActorRegistryExceptionHandler(boolean maskKeys) {
		this.maskKeys = maskKeys;
	}

	/**
	 * First among controller advice, so that refusals are answered whatever catch-all
	 * advice the application has.
	 * @return {@link Ordered#HIGHEST_PRECEDENCE}
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Answer a refusal, or a failure whose cause is one.
	 * @param failure the refusal, or what wraps it
	 * @return the problem detail with its status, and {@code Retry-After} where a retry
	 * can help
	 */
	@ExceptionHandler({ RegistryDrainingException.class, RegistryClosedException.class, ActorStoppedException.class,
			StateLoadException.class, StateSaveException.class, StateConflictException.class, AskTimeoutException.class,
			MailboxFullException.class, KeyTooLongException.class, RemoteCallException.class })
	public ResponseEntity<ProblemDetail> refused(Exception failure) throws Exception {
		Refused refused = Refusal.of(failure);
		if (refused == null) {
			// a cluster's call that failed on its owner (FAILED): the actor's own
			// failure,
			// which the application answers as it would a local one
			throw failure;
		}
		log(refused);
		Refusal refusal = refused.refusal();
		ActorRegistryException exception = refused.exception();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.status(), refusal.detail(exception));
		problem.setType(refusal.type());
		problem.setTitle(refusal.title());
		problem.setProperty("registry", exception.registry());
		if (exception.key() != null) {
			problem.setProperty("key", keyText(exception.key()));
			if (this.maskKeys) {
				// else Spring makes the request's path the instance, and paths hold keys
				problem.setInstance(URI
					.create("urn:actor-registry:actor:" + exception.registry() + ":" + KeyDigest.of(exception.key())));
			}
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(refusal.status());
		if (refusal.retryable()) {
			response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		return response.body(problem);
	}

	/**
	 * A key as problem details show it: its digest when keys are masked, else its text
	 * abbreviated when long, since a key is the client's own input.
	 */
	private String keyText(Object key) {
		return this.maskKeys ? KeyDigest.of(key) : ActorRegistryException.keyText(key);
	}

	private void log(Refused refused) {
		Refusal refusal = refused.refusal();
		ActorRegistryException exception = refused.exception();
		if (exception instanceof StateLoadException) {
			String topic = exception.registry();
			long now = System.nanoTime();
			Long last = this.warnedAt.get(topic);
			boolean due = (last == null) ? this.warnedAt.putIfAbsent(topic, now) == null
					: now - last >= WARN_INTERVAL && this.warnedAt.replace(topic, last, now);
			if (due) {
				logger.warn("Answered " + refusal.status().value() + " (" + refusal.title() + "): "
						+ exception.getMessage() + " Further ones for this registry are logged at DEBUG for a minute.");
				return;
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Answered " + refusal.status().value() + " (" + refusal.title() + ")", exception);
		}
	}

}
