package dev.actorregistry.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

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

	/**
	 * A state as a registry's codec would make it: a type name and some bytes.
	 * @param text the content
	 * @return the state
	 */
	protected static SerializedState state(String text) {
		return new SerializedState("text", text.getBytes(StandardCharsets.UTF_8));
	}

}
