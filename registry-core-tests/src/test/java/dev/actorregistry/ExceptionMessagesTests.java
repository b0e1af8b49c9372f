package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.actorregistry.persistence.StaleRevisionException;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.persistence.StateLoadException;
import dev.actorregistry.persistence.StateSaveException;
import dev.actorregistry.reminder.ReminderStoreException;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.blockOn;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every exception of the core phrases its message one way:
 * {@code Registry 'accounts', actor 'alice': <problem>. <advice>.} &mdash; the registry,
 * the key (abbreviated when long, left out when there is none), what went wrong, what to
 * do, and never the text of its cause.
 */
class ExceptionMessagesTests {

	private static final String REGISTRY = "accounts";

	private static final String KEY = "alice";

	private static final String LONG_KEY = "k".repeat(5_000);

	/** What a database's failure might say, which no message may repeat. */
	private static final String SECRET = "duplicate key value violates unique constraint \"account_pk\"";

	/** Problem, a period, advice starting in upper case, and one closing period. */
	private static final Pattern SHAPE = Pattern
		.compile("(?s)Registry '[^']+'(, actor '[^']+')?: [a-z].*[^.]\\. [A-Z].*[^.]\\.");

	private static final List<ActorRegistry<String, Object>> registries = new ArrayList<>();

	@AfterEach
	void close() {
		registries.forEach(ActorRegistry::close);
		registries.clear();
	}

	static Stream<Kind> kinds() {
		return Stream.of(
				new Kind("ActorRegistryException", "Call again",
						(key) -> new ActorRegistryException(REGISTRY, key, "the wait for it to start was interrupted",
								"Call again", cause())),
				new Kind("ActorDeadlockException", "compose its future",
						(key) -> new ActorDeadlockException(REGISTRY, key,
								List.of("accounts/alice", "accounts/alice"))),
				new Kind("ActorStartException", "call again",
						(key) -> new ActorStartException(REGISTRY, key, "its factory threw", cause())),
				new Kind("ActorStoppedException STOPPED", "Send by key",
						(key) -> new ActorStoppedException(REGISTRY, key, ActorStoppedException.Reason.STOPPED,
								"it cannot subscribe to topic 'rates'", cause())),
				new Kind("ActorStoppedException ABANDONED", "Send the message again by key",
						(key) -> new ActorStoppedException(REGISTRY, key, ActorStoppedException.Reason.ABANDONED, null,
								cause())),
				new Kind("ActorStoppedException DRAIN_TIMED_OUT", "give the drain more time",
						(key) -> new ActorStoppedException(REGISTRY, key, ActorStoppedException.Reason.DRAIN_TIMED_OUT,
								"drain timeout PT1S", null)),
				new Kind("ActorStoppedException EXECUTOR_REFUSED", "Give the registry an executor",
						(key) -> new ActorStoppedException(REGISTRY, key, ActorStoppedException.Reason.EXECUTOR_REFUSED,
								null, cause())),
				new Kind("AlreadyStartedException", "Use lookupOrStart",
						(key) -> new AlreadyStartedException(REGISTRY, liveRef(key))),
				new Kind("AskTimeoutException", "longer timeout",
						(key) -> new AskTimeoutException(REGISTRY, key, Duration.ofSeconds(5))),
				new Kind("TurnTimeoutException", "longer timeout",
						(key) -> new TurnTimeoutException(REGISTRY, key, Duration.ofSeconds(5))),
				new Kind("CallChainDeadlockException", "@Reentrant",
						(key) -> new CallChainDeadlockException(REGISTRY, key,
								List.of("accounts/alice", "ledger/7", "accounts/alice"))),
				new Kind("KeyTooLongException", "Use a shorter key",
						(key) -> new KeyTooLongException(REGISTRY, key, 5_000, 1_000)),
				new Kind("MailboxFullException", "Retry later", (key) -> new MailboxFullException(REGISTRY, key, 2)),
				new Kind("RegistryClosedException", "Build a new registry",
						(key) -> new RegistryClosedException(REGISTRY, key)),
				new Kind("RegistryDrainingException", "Retry on an instance that is running",
						(key) -> new RegistryDrainingException(REGISTRY, key)),
				new Kind("StaleRevisionException", "load the newer state",
						(key) -> new StaleRevisionException(REGISTRY, key, 3, cause())),
				new Kind("StateConflictException", "Send again by key",
						(key) -> new StateConflictException(new StaleRevisionException(REGISTRY, key, 3, cause()))),
				new Kind("StateLoadException", "Check the state store",
						(key) -> new StateLoadException(REGISTRY, key, cause())),
				new Kind("StateSaveException", "Check the state store",
						(key) -> new StateSaveException(REGISTRY, key, "after a message", cause())),
				new Kind("ReminderStoreException", "Cancel it again", (key) -> new ReminderStoreException(REGISTRY, key,
						"could not cancel reminder 'wake'", "Cancel it again once the reminder store works", cause())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("kinds")
	void namesTheRegistryAndTheKeyThenTheProblemAndTheAdvice(Kind kind) {
		ActorRegistryException exception = kind.create(KEY);
		assertThat(exception.registry()).isEqualTo(REGISTRY);
		assertThat(exception.key()).isEqualTo(KEY);
		assertThat(exception.getMessage()).startsWith("Registry 'accounts', actor 'alice': ")
			.matches(SHAPE)
			.contains(kind.advice);
		// the problem is said once, after the key, and the advice after it
		String afterKey = exception.getMessage().substring("Registry 'accounts', actor 'alice': ".length());
		assertThat(afterKey.indexOf(kind.advice)).isGreaterThan(afterKey.indexOf(". "));
		assertThat(afterKey).doesNotContain("Registry '");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("kinds")
	void abbreviatesALongKey(Kind kind) {
		ActorRegistryException exception = kind.create(LONG_KEY);
		assertThat(exception.key()).isEqualTo(LONG_KEY);
		assertThat(exception.getMessage())
			.startsWith("Registry 'accounts', actor '" + ActorRegistryException.keyText(LONG_KEY) + "': ")
			.contains("(5000 characters)")
			.doesNotContain(LONG_KEY)
			.hasSizeLessThan(1_000)
			.matches(SHAPE);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("kinds")
	void neverRepeatsItsCausesText(Kind kind) {
		ActorRegistryException exception = kind.create(KEY);
		assertThat(exception.getMessage()).doesNotContain(SECRET).doesNotContain("account_pk");
	}

	@Test
	void leavesTheKeyOutWhenThereIsNone() {
		List<ActorRegistryException> keyless = List.of(
				new ActorRegistryException(REGISTRY, null, "the registry could not do it", "Try again", cause()),
				new RegistryClosedException(REGISTRY, null), new ReminderStoreException(REGISTRY, null,
						"could not read the due reminders", "The next poll reads them again", cause()));
		for (ActorRegistryException exception : keyless) {
			assertThat(exception.key()).isNull();
			assertThat(exception.getMessage()).startsWith("Registry 'accounts': ")
				.doesNotContain("actor '")
				.doesNotContain("null")
				.doesNotContain(SECRET)
				.matches(SHAPE);
		}
		assertThat(keyless.get(1).getMessage())
			.isEqualTo("Registry 'accounts': the registry is stopped. Build a new registry to start actors again.");
	}

	@Test
	void aStoppedReasonIsPhrasedByTheReasonWithItsCircumstance() {
		assertThat(new ActorStoppedException(REGISTRY, KEY, ActorStoppedException.Reason.STOPPED, null, null))
			.hasMessage("Registry 'accounts', actor 'alice': it has stopped or is stopping, so this ref no longer "
					+ "reaches it. Send by key (ask or tell) to reach its current activation, or the next one.");
		assertThat(new ActorStoppedException(REGISTRY, KEY, ActorStoppedException.Reason.DRAIN_TIMED_OUT,
				"drain timeout PT1S", null))
			.hasMessageContaining("(drain timeout PT1S)")
			.hasMessageContaining("drain ran out of time");
		for (ActorStoppedException.Reason reason : ActorStoppedException.Reason.values()) {
			ActorStoppedException stopped = new ActorStoppedException(REGISTRY, KEY, reason, null, null);
			assertThat(stopped.reason()).isEqualTo(reason);
			assertThat(stopped.getMessage()).matches(SHAPE);
		}
	}

	@Test
	void aStoppedRefAnswersInTheSameShape() throws Exception {
		ActorRegistry<String, Object> registry = registry();
		ActorRef<String, Object> ref = registry.lookupOrStart(KEY);
		registry.stop(KEY).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

		Throwable failure = failureOf(ref.ask(Function.identity()));
		assertThat(failure).isInstanceOf(ActorStoppedException.class)
			.hasMessageStartingWith("Registry 'accounts', actor 'alice': it has stopped or is stopping")
			.hasMessageContaining("Send by key");
		assertThat(failure.getMessage()).matches(SHAPE);
	}

	@Test
	void aMessageAbandonedAfterAFailureNamesNeitherTheFailuresTextNorItsOwnPrefixTwice() throws Exception {
		ActorRegistry<String, Object> registry = register(
				ActorRegistry.builder(REGISTRY, String.class, (key, context) -> new Object())
					.failurePolicy(FailurePolicy.STOP)
					.build());
		ActorRef<String, Object> ref = registry.lookupOrStart(KEY);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Object> blocker = blockOn(ref, release, (actor) -> {
			throw new IllegalStateException(SECRET);
		});
		CompletableFuture<Object> queued = ref.ask(Function.identity());
		release.countDown();

		assertThat(failureOf(blocker)).hasMessage(SECRET);
		Throwable abandoned = failureOf(queued);
		assertThat(abandoned).isInstanceOf(ActorStoppedException.class)
			.hasMessageStartingWith("Registry 'accounts', actor 'alice': it stopped before this message ran")
			.hasMessageContaining("Send the message again by key")
			.hasMessageNotContaining(SECRET)
			.hasRootCauseMessage(SECRET);
		assertThat(abandoned.getMessage()).matches(SHAPE);
		assertThat(abandoned.getMessage().lastIndexOf("Registry '")).isZero();
		assertThat(((ActorStoppedException) abandoned).reason()).isEqualTo(ActorStoppedException.Reason.ABANDONED);
	}

	@Test
	void aBuilderRefusalNamesTheRegistryAndSaysWhatToDo() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> ActorRegistry.builder(REGISTRY, String.class, (key, context) -> new Object()).mailboxCapacity(-1))
			.satisfies((ex) -> assertThat(ex.getMessage()).startsWith("Registry 'accounts': mailboxCapacity")
				.contains("Correct the registry's configuration")
				.matches(SHAPE));
	}

	private static Throwable cause() {
		return new IllegalStateException(SECRET);
	}

	private static ActorRef<?, ?> liveRef(@Nullable Object key) {
		return registry().lookupOrStart(String.valueOf(key));
	}

	private static ActorRegistry<String, Object> registry() {
		return register(ActorRegistry.builder(REGISTRY, String.class, (key, context) -> new Object()).build());
	}

	private static ActorRegistry<String, Object> register(ActorRegistry<String, Object> registry) {
		registries.add(registry);
		return registry;
	}

	/** A kind of exception, made for a key, and the advice its message gives. */
	record Kind(String name, String advice, Function<Object, ActorRegistryException> factory) {

		ActorRegistryException create(Object key) {
			return this.factory.apply(key);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
