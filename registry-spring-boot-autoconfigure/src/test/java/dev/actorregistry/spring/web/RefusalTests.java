package dev.actorregistry.spring.web;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.actorregistry.ActorStartException;
import dev.actorregistry.KeyTooLongException;
import dev.actorregistry.MailboxFullException;

import static org.assertj.core.api.Assertions.assertThat;

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
	void onlyATooLongKeyIsNotRetryableAndItsDetailSaysBothLengths() {
		assertThat(Arrays.stream(Refusal.values()).filter((refusal) -> !refusal.retryable()))
			.containsExactly(Refusal.KEY_TOO_LONG);
		assertThat(Refusal.KEY_TOO_LONG.detail(new KeyTooLongException("meter", "k".repeat(1001), 1001, 1000)))
			.contains("1001 characters", "up to 1000 characters");
	}

	@Test
	void theHandlerHandlesExactlyTheRefusalsExceptions() throws NoSuchMethodException {
		Method handler = ActorRegistryExceptionHandler.class.getMethod("refused", Exception.class);
		assertThat(handler.getAnnotation(ExceptionHandler.class).value()).containsExactlyInAnyOrderElementsOf(
				Arrays.stream(Refusal.values()).flatMap((refusal) -> refusal.exceptions().stream()).toList());
	}

}
