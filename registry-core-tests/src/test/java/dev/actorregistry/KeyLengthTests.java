package dev.actorregistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;
import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.reminder.StoredReminder;
import dev.actorregistry.test.SerializingCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A key longer than the registry's store keeps is refused with a
 * {@link KeyTooLongException} before an actor is started for it, so neither the factory
 * nor the store is ever called with it; keys that fit are untouched.
 */
class KeyLengthTests {

	private static final int LIMIT = 8;

	private static final String TOO_LONG = "k".repeat(LIMIT + 1);

	private final CountingStateStore store = new CountingStateStore();

	private final AtomicInteger created = new AtomicInteger();

	private final ActorRegistry<String, PersistentCounter> registry = ActorRegistry
		.builder("meters", String.class, (key, context) -> {
			this.created.incrementAndGet();
			return new PersistentCounter();
		})
		.stateStore(this.store, new SerializingCodec())
		.build();

	@AfterEach
	void close() {
		this.registry.close();
	}

	@Test
	void everyWayToStartAnActorRefusesAKeyTheStoreCannotKeep() {
		assertRefused(() -> this.registry.ask(TOO_LONG, PersistentCounter::increment).join());
		assertRefused(() -> this.registry.tell(TOO_LONG, PersistentCounter::increment));
		assertRefused(() -> this.registry.lookupOrStart(TOO_LONG));
		assertRefused(() -> this.registry.start(TOO_LONG));
		assertRefused(() -> this.registry.lookupOrStartAsync(TOO_LONG).join());
		assertRefused(() -> this.registry.startAsync(TOO_LONG).join());

		assertThat(this.created).hasValue(0);
		assertThat(this.store.calls).hasValue(0);
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void theRefusalSaysTheLimitAndIsCountedAsARejectedMessageOnce() {
		KeyTooLongException refusal = refusal(() -> this.registry.ask(TOO_LONG, PersistentCounter::increment).join());
		assertThat(refusal.registry()).isEqualTo("meters");
		assertThat(refusal.key()).isEqualTo(TOO_LONG);
		assertThat(refusal.length()).isEqualTo(LIMIT + 1);
		assertThat(refusal.maxLength()).isEqualTo(LIMIT);
		assertThat(refusal.getMessage()).contains("'meters'", "9 characters", "up to 8", "shorter key");
	}

	@Test
	void aKeyOfTheLongestLengthStartsAndIsStored() {
		String longest = "k".repeat(LIMIT);
		assertThat(this.registry.ask(longest, PersistentCounter::increment).join()).isEqualTo(1);
		assertThat(this.store.calls).hasPositiveValue();
	}

	@Test
	void aReminderForAKeyTheReminderStoreCannotKeepIsRefusedBeforeTheStore() {
		CountingReminderStore reminders = new CountingReminderStore();
		try (ActorRegistry<String, Object> alarms = ActorRegistry
			.builder("alarms", String.class, (key, context) -> new Object())
			.reminders(reminders)
			.build()) {
			assertThatExceptionOfType(KeyTooLongException.class).isThrownBy(() -> alarms.reminders()
				.register(TOO_LONG, Reminder.once("wake", Instant.now().plus(Duration.ofHours(1)))));
			assertThat(reminders.calls).hasValue(0);
		}
	}

	private void assertRefused(Runnable call) {
		refusal(call);
	}

	private static KeyTooLongException refusal(Runnable call) {
		try {
			call.run();
		}
		catch (CompletionException ex) {
			assertThat(ex.getCause()).isInstanceOf(KeyTooLongException.class);
			return (KeyTooLongException) ex.getCause();
		}
		catch (KeyTooLongException ex) {
			return ex;
		}
		throw new AssertionError("the key was not refused");
	}

	/** Keeps keys of up to {@value #LIMIT} characters, and counts every call. */
	static final class CountingStateStore implements StateStore {

		private final InMemoryStateStore store = new InMemoryStateStore();

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public int maxKeyLength() {
			return LIMIT;
		}

		@Override
		public Optional<StoredState> load(String registry, String key) {
			this.calls.incrementAndGet();
			return this.store.load(registry, key);
		}

		@Override
		public long save(String registry, String key, SerializedState state, long expectedRevision) {
			this.calls.incrementAndGet();
			return this.store.save(registry, key, state, expectedRevision);
		}

		@Override
		public boolean delete(String registry, String key) {
			this.calls.incrementAndGet();
			return this.store.delete(registry, key);
		}

		@Override
		public Optional<StoredState> loadRevision(String registry, String key, long revision) {
			this.calls.incrementAndGet();
			return this.store.loadRevision(registry, key, revision);
		}

		@Override
		public List<StoredState> revisions(String registry, String key, Instant from, Instant to) {
			this.calls.incrementAndGet();
			return this.store.revisions(registry, key, from, to);
		}

	}

	/** Keeps keys of up to {@value #LIMIT} characters, and counts every call. */
	static final class CountingReminderStore implements ReminderStore {

		private final InMemoryReminderStore store = new InMemoryReminderStore();

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public int maxKeyLength() {
			return LIMIT;
		}

		@Override
		public void register(StoredReminder reminder) {
			this.calls.incrementAndGet();
			this.store.register(reminder);
		}

		@Override
		public boolean cancel(String registry, String key, String name) {
			this.calls.incrementAndGet();
			return this.store.cancel(registry, key, name);
		}

		@Override
		public List<StoredReminder> list(String registry, String key) {
			this.calls.incrementAndGet();
			return this.store.list(registry, key);
		}

		@Override
		public List<StoredReminder> due(String registry, Instant now, int limit) {
			// the registry's poll: not a call for a key
			return this.store.due(registry, now, limit);
		}

		@Override
		public Optional<StoredReminder> claim(StoredReminder due, String owner, Instant leaseUntil) {
			this.calls.incrementAndGet();
			return this.store.claim(due, owner, leaseUntil);
		}

		@Override
		public boolean advance(StoredReminder claimed, @Nullable Instant nextDueAt, long nextSequence) {
			this.calls.incrementAndGet();
			return this.store.advance(claimed, nextDueAt, nextSequence);
		}

		@Override
		public boolean release(StoredReminder claimed, Instant retryAt) {
			this.calls.incrementAndGet();
			return this.store.release(claimed, retryAt);
		}

	}

}
