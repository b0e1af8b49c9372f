package dev.actorregistry.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.persistence.AppliedInvocation;
import dev.actorregistry.persistence.DurableChanges;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StaleRevisionException;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract of every {@link StateStore}, as its Javadoc states it: a subclass per
 * store runs every test. Times are whole seconds, which every store keeps exactly.
 * <p>
 * The tests of durable sends (outbox and inbox) expect a store that
 * {@link StateStore#keepsDurableSends keeps durable sends}, as the stores of this project
 * all do.
 */
public abstract class StateStoreContractTests {

	/** When the clock starts; whole seconds, which every database keeps exactly. */
	protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	private final SettableClock clock = new SettableClock(T0);

	private @Nullable StateStore store;

	/**
	 * Create the store under test, empty, keeping at least the last 3 revisions of each
	 * key and stamping saves with the given clock.
	 * @param clock the clock the test sets
	 * @return the store
	 */
	protected abstract StateStore createStore(SettableClock clock);

	private StateStore store() {
		if (this.store == null) {
			this.store = createStore(this.clock);
		}
		return this.store;
	}

	/** A key never saved has no state, no revisions and nothing to delete. */
	@Test
	void aKeyNeverSavedHasNothingStored() {
		assertThat(store().load("r", "k")).isEmpty();
		assertThat(store().loadRevision("r", "k", 1)).isEmpty();
		assertThat(store().revisions("r", "k", Instant.EPOCH, T0.plusSeconds(60))).isEmpty();
		assertThat(store().delete("r", "k")).isFalse();
	}

	/**
	 * Revisions start at 1 and each save returns {@code expectedRevision + 1}; a load
	 * returns the latest state, its revision and when it was saved.
	 */
	@Test
	void revisionsStartAtOneAndEachSaveAdvancesByOne() {
		assertThat(store().save("r", "k", state("one"), 0)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(store().save("r", "k", state("two"), 1)).isEqualTo(2);

		assertThat(store().load("r", "k")).contains(new StoredState(state("two"), 2, T0.plusSeconds(1)));
	}

	/**
	 * A save whose expected revision is not the stored one, behind it or ahead of it, or
	 * 0 while a state is stored, is refused with a {@link StaleRevisionException} that
	 * names the registry, the key and the expected revision, and changes nothing.
	 */
	@Test
	void aSaveAtAnyRevisionButTheStoredOneIsStaleAndChangesNothing() {
		store().save("r", "k", state("one"), 0);
		store().save("r", "k", state("two"), 1);
		StoredState stored = store().load("r", "k").orElseThrow();

		for (long expected : new long[] { 0, 1, 3 }) {
			assertThatExceptionOfType(StaleRevisionException.class)
				.isThrownBy(() -> store().save("r", "k", state("stale"), expected))
				.withMessageContainingAll("'r'", "'k'", "revision " + expected)
				.satisfies((ex) -> assertThat(ex.expectedRevision()).isEqualTo(expected));
		}
		assertThat(store().load("r", "k")).contains(stored);
		assertThat(store().loadRevision("r", "k", 3)).isEmpty();
	}

	/** A first save expects revision 0: any other is stale while nothing is stored. */
	@Test
	void aFirstSaveAtARevisionOtherThanZeroIsStale() {
		assertThatExceptionOfType(StaleRevisionException.class)
			.isThrownBy(() -> store().save("r", "k", state("ahead"), 1));
		assertThat(store().load("r", "k")).isEmpty();
	}

	/**
	 * A negative expected revision is no race a retry could win but a caller's mistake:
	 * an {@link IllegalArgumentException}, naming the registry and the key.
	 */
	@Test
	void aNegativeExpectedRevisionIsRefusedAsAWrongArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> store().save("r", "k", state("one"), -1))
			.withMessageContainingAll("'r'", "'k'", "-1");
		assertThat(store().load("r", "k")).isEmpty();
	}

	/**
	 * Delete removes the state and its history, says whether there was one, and the key
	 * starts again at revision 1: a save at a revision from before the delete is stale.
	 * Other keys keep theirs.
	 */
	@Test
	void deleteForgetsTheStateAndItsHistorySoTheKeyStartsAgainAtRevisionOne() {
		store().save("r", "k", state("one"), 0);
		store().save("r", "k", state("two"), 1);
		store().save("r", "other", state("kept"), 0);

		assertThat(store().delete("r", "k")).isTrue();
		assertThat(store().delete("r", "k")).isFalse();
		assertThat(store().load("r", "k")).isEmpty();
		assertThat(store().loadRevision("r", "k", 1)).isEmpty();
		assertThat(store().loadRevision("r", "k", 2)).isEmpty();
		assertThat(store().revisions("r", "k", Instant.EPOCH, T0.plusSeconds(60))).isEmpty();
		assertThatExceptionOfType(StaleRevisionException.class)
			.isThrownBy(() -> store().save("r", "k", state("after delete"), 2));
		assertThat(store().save("r", "k", state("anew"), 0)).isEqualTo(1);
		assertThat(store().load("r", "other").orElseThrow().state()).isEqualTo(state("kept"));
	}

	/** The same key in two registries, and two keys in one, are separate rows. */
	@Test
	void registriesAndKeysAreSeparate() {
		store().save("a", "k", state("a"), 0);
		store().save("b", "k", state("b"), 0);
		store().save("b", "k", state("b2"), 1);
		store().save("a", "j", state("j"), 0);

		assertThat(store().load("a", "k").orElseThrow()).extracting(StoredState::state, StoredState::revision)
			.containsExactly(state("a"), 1L);
		assertThat(store().load("b", "k").orElseThrow()).extracting(StoredState::state, StoredState::revision)
			.containsExactly(state("b2"), 2L);
		assertThat(store().load("a", "j").orElseThrow().state()).isEqualTo(state("j"));
		assertThat(store().delete("a", "k")).isTrue();
		assertThat(store().load("b", "k")).isPresent();
	}

	/**
	 * Each kept revision loads as it was saved, with its time; the latest loads as
	 * {@link StateStore#load} returns it; a revision never saved is empty.
	 */
	@Test
	void everyKeptRevisionLoadsAsItWasSaved() {
		for (int revision = 1; revision <= 3; revision++) {
			store().save("r", "k", state("v" + revision), revision - 1);
			this.clock.advance(Duration.ofSeconds(10));
		}

		for (int revision = 1; revision <= 3; revision++) {
			assertThat(store().loadRevision("r", "k", revision))
				.contains(new StoredState(state("v" + revision), revision, T0.plusSeconds(10L * (revision - 1))));
		}
		assertThat(store().loadRevision("r", "k", 3)).isEqualTo(store().load("r", "k"));
		assertThat(store().loadRevision("r", "k", 4)).isEmpty();
		assertThat(store().loadRevision("r", "k", 0)).isEmpty();
	}

	/**
	 * The revisions of an interval are those saved from its start, inclusive, to its end,
	 * exclusive, oldest first, and only the key's own.
	 */
	@Test
	void revisionsOfAnIntervalComeOldestFirstFromItsStartUpToItsEnd() {
		Instant t1 = T0;
		Instant t2 = t1.plusSeconds(1);
		Instant t3 = t2.plusSeconds(1);
		store().save("r", "k", state("one"), 0);
		this.clock.set(t2);
		store().save("r", "k", state("two"), 1);
		store().save("r", "other", state("other"), 0);
		this.clock.set(t3);
		store().save("r", "k", state("three"), 2);

		assertThat(store().revisions("r", "k", t1, t3)).extracting(StoredState::revision).containsExactly(1L, 2L);
		assertThat(store().revisions("r", "k", t1.plusMillis(1), t3.plusMillis(1))).extracting(StoredState::revision)
			.containsExactly(2L, 3L);
		assertThat(store().revisions("r", "k", Instant.EPOCH, t1)).isEmpty();
		assertThat(store().revisions("r", "k", t2, t2)).isEmpty();
		assertThat(store().revisions("r", "k", Instant.EPOCH, t3.plusSeconds(1))).containsExactly(
				new StoredState(state("one"), 1, t1), new StoredState(state("two"), 2, t2),
				new StoredState(state("three"), 3, t3));
	}

	/**
	 * A save stamped by a clock behind the previous save's (another instance's, say) is
	 * still saved later than the revision it replaces: revisions keep their order in
	 * time.
	 */
	@Test
	void aSaveStampedBeforeThePreviousOneIsStillSavedAfterIt() {
		store().save("r", "k", state("one"), 0);
		this.clock.set(T0.minus(Duration.ofHours(1)));
		assertThat(store().save("r", "k", state("two"), 1)).isEqualTo(2);
		assertThat(store().save("r", "k", state("three"), 2)).isEqualTo(3);

		List<Instant> times = store().revisions("r", "k", Instant.EPOCH, T0.plusSeconds(60))
			.stream()
			.map(StoredState::savedAt)
			.toList();
		assertThat(times).hasSize(3).isSorted().doesNotHaveDuplicates();
		assertThat(times.get(0)).isEqualTo(T0);
	}

	/**
	 * A key as long as {@link StateStore#maxKeyLength} allows (or a long one, for stores
	 * without a limit) is kept.
	 */
	@Test
	void aKeyOfTheLongestLengthTheStoreKeepsIsKept() {
		String key = "k".repeat(Math.min(store().maxKeyLength(), 10_000));
		store().save("r", key, state("long"), 0);
		assertThat(store().load("r", key).orElseThrow().state()).isEqualTo(state("long"));
	}

	/**
	 * Of two writers that save the same key at the same expected revision at once,
	 * exactly one wins; the other gets a {@link StaleRevisionException}, and the stored
	 * state is the winner's. Many rounds, each released together by a latch.
	 */
	@Test
	void ofTwoConcurrentSavesAtTheSameRevisionExactlyOneWins() throws Exception {
		int rounds = 50;
		StateStore store = store();
		ExecutorService writers = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < rounds; round++) {
				long expected = round;
				CountDownLatch ready = new CountDownLatch(2);
				CountDownLatch go = new CountDownLatch(1);
				AtomicInteger stale = new AtomicInteger();
				List<Future<@Nullable String>> saves = new ArrayList<>();
				for (int writer = 0; writer < 2; writer++) {
					String text = "round " + round + " writer " + writer;
					saves.add(writers.submit(() -> {
						ready.countDown();
						Waits.awaitLatch(go);
						try {
							assertThat(store.save("r", "k", state(text), expected)).isEqualTo(expected + 1);
							return text;
						}
						catch (StaleRevisionException ex) {
							assertThat(ex.expectedRevision()).isEqualTo(expected);
							stale.incrementAndGet();
							return null;
						}
					}));
				}
				Waits.awaitLatch(ready);
				go.countDown();
				List<String> winners = new ArrayList<>();
				for (Future<@Nullable String> save : saves) {
					String winner = save.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
					if (winner != null) {
						winners.add(winner);
					}
				}
				assertThat(winners).as("winners of round %d", round).hasSize(1);
				assertThat(stale).as("stale saves of round %d", round).hasValue(1);
				StoredState stored = store.load("r", "k").orElseThrow();
				assertThat(stored.revision()).isEqualTo(expected + 1);
				assertThat(stored.state()).isEqualTo(state(winners.get(0)));
			}
		}
		finally {
			writers.shutdownNow();
		}
	}

	// durable sends

	/**
	 * A save with changes stores the state, the sends in the actor's outbox and the
	 * records in its inbox, each read back as it was saved; a later save adds to them.
	 */
	@Test
	void aSaveWithDurableChangesStoresTheSendsAndTheRecordsWithTheState() {
		DurableSend first = send("r", "a", "r", "b", T0);
		DurableSend refusal = DurableSend.refusal(send("r", "c", "r", "a", T0), UUID.randomUUID().toString(),
				"example.Refused: no", T0.plusSeconds(1));
		AppliedInvocation applied = new AppliedInvocation("applied-1", null, T0);
		AppliedInvocation refused = new AppliedInvocation("refused-1", "example.Refused: no", T0.plusSeconds(1));

		assertThat(durableStore().save("r", "a", state("one"), 0,
				new DurableChanges(List.of(first, refusal), List.of(applied, refused))))
			.isEqualTo(1);
		assertThat(store().load("r", "a").orElseThrow().state()).isEqualTo(state("one"));
		assertThat(store().outbox("r", "a")).containsExactly(first, refusal);
		assertThat(store().inbox("r", "a")).containsExactlyInAnyOrder(applied, refused);

		DurableSend second = send("r", "a", "other", "b", T0.plusSeconds(2));
		AppliedInvocation later = new AppliedInvocation("applied-2", null, T0.plusSeconds(2));
		assertThat(store().save("r", "a", state("two"), 1, new DurableChanges(List.of(second), List.of(later))))
			.isEqualTo(2);
		assertThat(store().outbox("r", "a")).containsExactly(first, refusal, second);
		assertThat(store().inbox("r", "a")).containsExactlyInAnyOrder(applied, refused, later);
		assertThat(store().load("r", "a").orElseThrow().revision()).isEqualTo(2);
	}

	/**
	 * A save with no changes stores the state alone, as the save without changes does,
	 * and a save without changes leaves the outbox and inbox as they are.
	 */
	@Test
	void aSaveWithoutChangesLeavesTheOutboxAndInboxAsTheyAre() {
		DurableSend sent = send("r", "a", "r", "b", T0);
		AppliedInvocation applied = new AppliedInvocation("applied", null, T0);
		durableStore().save("r", "a", state("one"), 0, new DurableChanges(List.of(sent), List.of(applied)));

		assertThat(store().save("r", "a", state("two"), 1, DurableChanges.NONE)).isEqualTo(2);
		assertThat(store().save("r", "a", state("three"), 2)).isEqualTo(3);
		assertThat(store().load("r", "a").orElseThrow().state()).isEqualTo(state("three"));
		assertThat(store().outbox("r", "a")).containsExactly(sent);
		assertThat(store().inbox("r", "a")).containsExactly(applied);
	}

	/**
	 * A save with changes at a stale revision stores nothing: not the state, not the
	 * sends, not the records. Stale as a first save on a stored row, behind and ahead.
	 */
	@Test
	void aStaleSaveWithDurableChangesStoresNothing() {
		durableStore().save("r", "a", state("one"), 0);
		store().save("r", "a", state("two"), 1);
		StoredState stored = store().load("r", "a").orElseThrow();

		for (long expected : new long[] { 0, 1, 3 }) {
			DurableChanges changes = new DurableChanges(List.of(send("r", "a", "r", "b", T0)),
					List.of(new AppliedInvocation("applied-" + expected, null, T0)));
			assertThatExceptionOfType(StaleRevisionException.class)
				.isThrownBy(() -> store().save("r", "a", state("stale"), expected, changes))
				.withMessageContainingAll("'r'", "'a'", "revision " + expected);
		}
		assertThatExceptionOfType(StaleRevisionException.class).isThrownBy(() -> store().save("r", "never", state("x"),
				1, new DurableChanges(List.of(send("r", "never", "r", "b", T0)), List.of())));

		assertThat(store().load("r", "a")).contains(stored);
		assertThat(store().load("r", "never")).isEmpty();
		assertThat(store().outbox("r", "a")).isEmpty();
		assertThat(store().outbox("r", "never")).isEmpty();
		assertThat(store().outbox("r", 100)).isEmpty();
		assertThat(store().inbox("r", "a")).isEmpty();
	}

	/**
	 * The outbox of a registry holds the sends of all its actors and of no other
	 * registry, oldest first, up to the limit.
	 */
	@Test
	void theOutboxOfARegistryComesOldestFirstUpToTheLimit() {
		List<DurableSend> sends = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String key = "k" + (i % 3);
			DurableSend send = send("r", key, "r", "receiver", T0.plusSeconds(i));
			long revision = store().load("r", key).map(StoredState::revision).orElse(0L);
			durableStore().save("r", key, state("s" + i), revision, new DurableChanges(List.of(send), List.of()));
			sends.add(send);
		}
		DurableSend elsewhere = send("other", "k0", "r", "receiver", T0.minusSeconds(10));
		store().save("other", "k0", state("x"), 0, new DurableChanges(List.of(elsewhere), List.of()));

		assertThat(store().outbox("r", 100)).containsExactlyElementsOf(sends);
		assertThat(store().outbox("r", 2)).containsExactlyElementsOf(sends.subList(0, 2));
		assertThat(store().outbox("r", 0)).isEmpty();
		assertThat(store().outbox("other", 100)).containsExactly(elsewhere);
		assertThat(store().outbox("none", 100)).isEmpty();
	}

	/**
	 * The outbox of an actor holds its own sends, oldest first, not those of another key
	 * or of the same key in another registry.
	 */
	@Test
	void theOutboxOfAnActorHoldsItsOwnSendsOldestFirst() {
		DurableSend first = send("r", "a", "r", "b", T0);
		DurableSend second = send("r", "a", "r", "c", T0.plusSeconds(1));
		DurableSend third = send("r", "a", "r", "b", T0.plusSeconds(2));
		durableStore().save("r", "a", state("one"), 0, new DurableChanges(List.of(first, second), List.of()));
		store().save("r", "a", state("two"), 1, new DurableChanges(List.of(third), List.of()));
		DurableSend bs = send("r", "b", "r", "a", T0);
		store().save("r", "b", state("b"), 0, new DurableChanges(List.of(bs), List.of()));
		DurableSend others = send("other", "a", "r", "a", T0);
		store().save("other", "a", state("a"), 0, new DurableChanges(List.of(others), List.of()));

		assertThat(store().outbox("r", "a")).containsExactly(first, second, third);
		assertThat(store().outbox("r", "b")).containsExactly(bs);
		assertThat(store().outbox("other", "a")).containsExactly(others);
		assertThat(store().outbox("r", "never")).isEmpty();
	}

	/**
	 * The inbox of an actor holds the records its saves stored, not those of another key
	 * or of the same key in another registry.
	 */
	@Test
	void theInboxOfAnActorHoldsItsOwnRecords() {
		AppliedInvocation one = new AppliedInvocation("one", null, T0);
		AppliedInvocation two = new AppliedInvocation("two", "example.Refused: no", T0.plusSeconds(1));
		durableStore().save("r", "a", state("a"), 0, new DurableChanges(List.of(), List.of(one, two)));
		AppliedInvocation bs = new AppliedInvocation("three", null, T0);
		store().save("r", "b", state("b"), 0, new DurableChanges(List.of(), List.of(bs)));
		AppliedInvocation others = new AppliedInvocation("one", null, T0.plusSeconds(5));
		store().save("other", "a", state("a"), 0, new DurableChanges(List.of(), List.of(others)));

		assertThat(store().inbox("r", "a")).containsExactlyInAnyOrder(one, two);
		assertThat(store().inbox("r", "b")).containsExactly(bs);
		assertThat(store().inbox("other", "a")).containsExactly(others);
		assertThat(store().inbox("r", "never")).isEmpty();
	}

	/**
	 * Once delivered, a send leaves its sender's outbox and its record leaves its
	 * receiver's inbox; other sends and records stay. Delivered again, it was no longer
	 * in the outbox.
	 */
	@Test
	void deliveredDropsTheSendAndItsRecordOnceAndNothingElse() {
		DurableSend delivered = send("r", "a", "q", "b", T0);
		DurableSend pending = send("r", "a", "q", "b", T0.plusSeconds(1));
		durableStore().save("r", "a", state("a"), 0, new DurableChanges(List.of(delivered, pending), List.of()));
		AppliedInvocation record = new AppliedInvocation(delivered.id(), null, T0.plusSeconds(2));
		AppliedInvocation other = new AppliedInvocation(pending.id(), null, T0.plusSeconds(2));
		store().save("q", "b", state("b"), 0, new DurableChanges(List.of(), List.of(record, other)));
		// the same id in another actor's inbox is another record
		AppliedInvocation elsewhere = new AppliedInvocation(delivered.id(), null, T0.plusSeconds(3));
		store().save("q", "c", state("c"), 0, new DurableChanges(List.of(), List.of(elsewhere)));

		assertThat(store().delivered(delivered)).isTrue();
		assertThat(store().outbox("r", "a")).containsExactly(pending);
		assertThat(store().outbox("r", 100)).containsExactly(pending);
		assertThat(store().inbox("q", "b")).containsExactly(other);
		assertThat(store().inbox("q", "c")).containsExactly(elsewhere);

		assertThat(store().delivered(delivered)).isFalse();
		assertThat(store().outbox("r", "a")).containsExactly(pending);
		assertThat(store().load("r", "a").orElseThrow().revision()).isEqualTo(1);
		assertThat(store().load("q", "b").orElseThrow().revision()).isEqualTo(1);
	}

	/**
	 * A send whose receiver kept no record (it was deleted, say) is still dropped from
	 * the outbox.
	 */
	@Test
	void deliveredDropsASendWhoseReceiverKeptNoRecord() {
		DurableSend sent = send("r", "a", "r", "b", T0);
		durableStore().save("r", "a", state("a"), 0, new DurableChanges(List.of(sent), List.of()));

		assertThat(store().delivered(sent)).isTrue();
		assertThat(store().outbox("r", "a")).isEmpty();
		assertThat(store().delivered(sent)).isFalse();
	}

	/**
	 * Deleting an actor drops its inbox with its state, but not the sends it made: they
	 * were saved, so they are still to be delivered.
	 */
	@Test
	void deleteDropsTheInboxButNotTheSendsStillToDeliver() {
		DurableSend sent = send("r", "a", "r", "b", T0);
		AppliedInvocation record = new AppliedInvocation("applied", null, T0);
		durableStore().save("r", "a", state("a"), 0, new DurableChanges(List.of(sent), List.of(record)));
		AppliedInvocation kept = new AppliedInvocation("applied", null, T0);
		store().save("r", "other", state("o"), 0, new DurableChanges(List.of(), List.of(kept)));

		assertThat(store().delete("r", "a")).isTrue();
		assertThat(store().inbox("r", "a")).isEmpty();
		assertThat(store().inbox("r", "other")).containsExactly(kept);
		assertThat(store().outbox("r", "a")).containsExactly(sent);
		// the key starts again, with an empty inbox
		assertThat(store().save("r", "a", state("anew"), 0, new DurableChanges(List.of(), List.of(record))))
			.isEqualTo(1);
		assertThat(store().inbox("r", "a")).containsExactly(record);
	}

	/** Large arguments are kept byte for byte, as are empty ones. */
	@Test
	void largeArgumentsAreKeptExactly() {
		byte[] large = new byte[300_000];
		new Random(42).nextBytes(large);
		DurableSend big = send("r", "a", "r", "b", T0, large);
		DurableSend empty = send("r", "a", "r", "b", T0.plusSeconds(1), new byte[0]);
		durableStore().save("r", "a", state("a"), 0, new DurableChanges(List.of(big, empty), List.of()));

		List<DurableSend> stored = store().outbox("r", "a");
		assertThat(stored).containsExactly(big, empty);
		assertThat(stored.get(0).invocation().arguments()).isEqualTo(large);
		assertThat(store().outbox("r", 10)).containsExactly(big, empty);
	}

	/**
	 * Senders and receivers with keys as long as {@link StateStore#maxKeyLength} allows
	 * (or long ones, for stores without a limit) are kept in the outbox and the inbox,
	 * and delivered.
	 */
	@Test
	void keysOfTheLongestLengthAreKeptInTheOutboxAndTheInbox() {
		int length = Math.min(durableStore().maxKeyLength(), 10_000);
		String sender = "s".repeat(length);
		String receiver = "r".repeat(length);
		DurableSend sent = send("r", sender, "r", receiver, T0);
		store().save("r", sender, state("s"), 0, new DurableChanges(List.of(sent), List.of()));
		AppliedInvocation record = new AppliedInvocation(sent.id(), null, T0);
		store().save("r", receiver, state("r"), 0, new DurableChanges(List.of(), List.of(record)));

		assertThat(store().outbox("r", sender)).containsExactly(sent);
		assertThat(store().outbox("r", 10)).containsExactly(sent);
		assertThat(store().inbox("r", receiver)).containsExactly(record);
		assertThat(store().delivered(sent)).isTrue();
		assertThat(store().inbox("r", receiver)).isEmpty();
		assertThat(store().outbox("r", sender)).isEmpty();
	}

	/**
	 * Senders save sends for their own keys, each send to the next sender's key, whose
	 * next save records it in its inbox, while two deliverers, one fed by the records
	 * saved and one scanning the outbox, call {@link StateStore#delivered} for recorded
	 * sends, often both for the same one. The rounds interleave by construction, not by
	 * timing: a sender's round waits for its predecessor's previous round, and for a
	 * delivery of a send it recorded in its own previous round. At the end every send
	 * made is either still in the outbox or was delivered, and reported delivered exactly
	 * once; no delivered send has a record left.
	 */
	@Test
	void concurrentSavesWithSendsAndDeliveriesLoseAndRepeatNothing() throws Exception {
		int senders = 4;
		int rounds = 12;
		StateStore store = durableStore();
		List<String> keys = new ArrayList<>();
		List<ConcurrentLinkedQueue<DurableSend>> toRecord = new ArrayList<>();
		List<AtomicInteger> roundsSaved = new ArrayList<>();
		for (int i = 0; i < senders; i++) {
			keys.add("sender-" + i);
			toRecord.add(new ConcurrentLinkedQueue<>());
			roundsSaved.add(new AtomicInteger());
		}
		Set<DurableSend> made = ConcurrentHashMap.newKeySet();
		Set<String> recorded = ConcurrentHashMap.newKeySet();
		BlockingQueue<DurableSend> toDeliver = new LinkedBlockingQueue<>();
		DurableSend end = send("r", "end", "r", "end", T0);
		Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
		AtomicInteger repeated = new AtomicInteger();
		AtomicBoolean saving = new AtomicBoolean(true);
		AtomicInteger deliveredWhileSaving = new AtomicInteger();
		Consumer<DurableSend> deliver = (send) -> {
			boolean during = saving.get();
			if (store.delivered(send)) {
				deliveries.computeIfAbsent(send.id(), (id) -> new AtomicInteger()).incrementAndGet();
				if (during) {
					deliveredWhileSaving.incrementAndGet();
				}
			}
			else {
				repeated.incrementAndGet();
			}
		};
		ExecutorService threads = Executors.newFixedThreadPool(senders + 2);
		try {
			List<Future<?>> saves = new ArrayList<>();
			for (int i = 0; i < senders; i++) {
				int index = i;
				int previous = (index + senders - 1) % senders;
				saves.add(threads.submit(() -> {
					String key = keys.get(index);
					String next = keys.get((index + 1) % senders);
					List<String> recordedBefore = List.of();
					for (int round = 0; round < rounds; round++) {
						int due = round;
						// the predecessor's sends of the last round wait to be recorded
						Waits.eventually().until(() -> roundsSaved.get(previous).get() >= due);
						List<String> waitFor = recordedBefore;
						if (!waitFor.isEmpty()) {
							Waits.eventually().until(() -> waitFor.stream().anyMatch(deliveries::containsKey));
						}
						List<DurableSend> sends = List.of(send("r", key, "r", next, T0.plusSeconds(round)),
								send("r", key, "r", next, T0.plusSeconds(round)));
						List<DurableSend> received = new ArrayList<>();
						for (DurableSend send; (send = toRecord.get(index).poll()) != null;) {
							received.add(send);
							recorded.add(send.id());
						}
						made.addAll(sends);
						List<AppliedInvocation> applied = received.stream()
							.map((send) -> new AppliedInvocation(send.id(), null, T0))
							.toList();
						assertThat(store.save("r", key, state(key + " " + round), round,
								new DurableChanges(sends, applied)))
							.isEqualTo(round + 1);
						recordedBefore = applied.stream().map(AppliedInvocation::id).toList();
						toDeliver.addAll(received);
						toRecord.get((index + 1) % senders).addAll(sends);
						roundsSaved.get(index).incrementAndGet();
					}
					return null;
				}));
			}
			Future<?> fed = threads.submit(() -> {
				for (DurableSend send; (send = toDeliver.poll(Waits.TIMEOUT.toMillis(),
						TimeUnit.MILLISECONDS)) != end;) {
					deliver.accept(Objects.requireNonNull(send, "no send to deliver within the timeout"));
				}
				return null;
			});
			Future<?> scanning = threads.submit(() -> {
				do {
					store.outbox("r", 20).stream().filter((send) -> recorded.contains(send.id())).forEach(deliver);
				}
				while (saving.get());
				return null;
			});
			for (Future<?> save : saves) {
				save.get(Waits.WORK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			saving.set(false);
			toDeliver.add(end);
			fed.get(Waits.WORK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			scanning.get(Waits.WORK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			threads.shutdownNow();
		}

		Set<DurableSend> pending = new HashSet<>();
		keys.forEach((key) -> pending.addAll(store.outbox("r", key)));
		assertThat(made).hasSize(senders * rounds * 2);
		assertThat(deliveries.values()).as("reports of a delivery per send").allMatch((count) -> count.get() == 1);
		for (DurableSend send : made) {
			boolean delivered = deliveries.containsKey(send.id());
			assertThat(pending.contains(send)).as("send %s pending, though delivered %s", send.id(), delivered)
				.isNotEqualTo(delivered);
		}
		assertThat(deliveries.keySet()).as("delivered sends, all recorded").isEqualTo(recorded);
		Set<String> records = new HashSet<>();
		keys.forEach((key) -> store.inbox("r", key).forEach((record) -> records.add(record.id())));
		assertThat(records).as("records left of delivered sends").isEmpty();
		assertThat(deliveredWhileSaving).as("deliveries while senders saved (%d reported again)", repeated.get())
			.hasPositiveValue();
	}

	/**
	 * A state as a registry's codec would make it: a type name and some bytes.
	 * @param text the content
	 * @return the state
	 */
	protected static SerializedState state(String text) {
		return new SerializedState("text", text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The store, which must keep durable sends for the tests of them.
	 * @return the store
	 */
	private StateStore durableStore() {
		assertThat(store().keepsDurableSends()).as("%s keeps durable sends", store().getClass().getName()).isTrue();
		return store();
	}

	/**
	 * A durable send of an invocation with a fresh id and a few bytes of arguments.
	 * @param senderRegistry the sender's registry
	 * @param sender the sender's key
	 * @param receiverRegistry the receiver's registry
	 * @param receiver the receiver's key
	 * @param sentAt when it was made
	 * @return the send
	 */
	protected static DurableSend send(String senderRegistry, String sender, String receiverRegistry, String receiver,
			Instant sentAt) {
		return send(senderRegistry, sender, receiverRegistry, receiver, sentAt,
				("{\"amount\":" + sentAt.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
	}

	private static DurableSend send(String senderRegistry, String sender, String receiverRegistry, String receiver,
			Instant sentAt, byte[] arguments) {
		Invocation invocation = new Invocation(UUID.randomUUID().toString(), receiverRegistry, receiver,
				"example.Account", "deposit", arguments);
		return DurableSend.invocation(senderRegistry, sender, invocation, sentAt);
	}

}
