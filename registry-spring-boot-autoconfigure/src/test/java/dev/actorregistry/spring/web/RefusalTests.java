package dev.actorregistry.spring.web;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.actorregistry.ActorStartException;
import dev.actorregistry.KeyTooLongException;
import dev.actorregistry.MailboxFullException;
import dev.actorregistry.cluster.RemoteCallException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which failures are refusals, and what the handler says of each.
 */
class RefusalTests {

	@Test
	void findsARefusalWrappedByFutures() {
		MailboxFullException full = new MailboxFullException("gate", "a", 1);
		Refusal.Refused refused = Refusal.of(new CompletionException(new IllegalStateException("wrapped", full)));
		assertThat(refused).isNotNull();
		assertThat(refused.refusal()).isEqualTo(Refusal.MAILBOX_FULL);
		assertThat(refused.exception()).isSameAs(full);
	}

	@Test
	void aFactoryThatThrowsIsNoRefusal() {
		// a bug in the application, not something a client can retry: Spring's 500
		assertThat(Refusal.of(new ActorStartException("gate", "a", "its factory threw", null))).isNull();
		assertThat(Refusal.of(new IllegalStateException("boom"))).isNull();
	}

	@Test
	void onlyATooLongKeyAndAnUnknownOutcomeAreNotRetryableAndTheTooLongKeysDetailSaysBothLengths() {
		assertThat(Arrays.stream(Refusal.values()).filter((refusal) -> !refusal.retryable()))
			.containsExactly(Refusal.KEY_TOO_LONG, Refusal.OUTCOME_UNKNOWN);
		assertThat(Refusal.KEY_TOO_LONG.detail(new KeyTooLongException("meter", "k".repeat(1001), 1001, 1000)))
			.contains("1001 characters", "up to 1000 characters");
	}

	@Test
	void aClusterCallNotRunIs503WithRetryAfterAndOneWhoseOutcomeIsUnknownIs502WithoutIt() throws Exception {
		ActorRegistryExceptionHandler handler = new ActorRegistryExceptionHandler();
		ResponseEntity<ProblemDetail> notRun = handler
			.refused(new CompletionException(remote(RemoteCallException.Kind.NOT_RUN)));
		assertThat(notRun.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(notRun.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		ResponseEntity<ProblemDetail> unknown = handler.refused(remote(RemoteCallException.Kind.OUTCOME_UNKNOWN));
		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(unknown.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
		ProblemDetail problem = unknown.getBody();
		assertThat(problem).isNotNull();
		assertThat(problem.getType()).hasToString("urn:actor-registry:problem:outcome-unknown");
		assertThat(problem.getDetail()).contains("may or may not have taken effect", "Read the actor's state")
			.doesNotContain("member-7", "MemberLeftException");
		assertThat(problem.getProperties()).containsEntry("registry", "accounts").containsEntry("key", "alice");
	}

	@Test
	void aClusterCallThatFailedOnItsOwnerIsLeftToTheApplicationAsALocalFailureWouldBe() {
		RemoteCallException failed = remote(RemoteCallException.Kind.FAILED);
		assertThat(Refusal.of(failed)).isNull();
		assertThatThrownBy(() -> new ActorRegistryExceptionHandler().refused(failed)).isSameAs(failed);
	}

	private static RemoteCallException remote(RemoteCallException.Kind kind) {
		return new RemoteCallException("accounts", "alice", kind, null,
				"its call deposit to member member-7 failed (MemberLeftException)", "Check the actor's state", null);
	}

	@Test
	void theHandlerHandlesExactlyTheRefusalsExceptions() throws NoSuchMethodException {
		Method handler = ActorRegistryExceptionHandler.class.getMethod("refused", Exception.class);
		assertThat(handler.getAnnotation(ExceptionHandler.class).value())
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(Refusal.values())
				.flatMap((refusal) -> refusal.exceptions().stream())
				.distinct()
				.toList());
	}

}
