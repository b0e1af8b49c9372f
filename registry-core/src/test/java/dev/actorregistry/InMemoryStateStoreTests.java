package dev.actorregistry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The in-memory store keeps the contract every {@link StateStore} keeps: revisions from
 * 1, fencing on the expected revision, bounded history.
 */
class InMemoryStateStoreTests {

	private final MutableClock clock = new MutableClock();

	private final InMemoryStateStore store = new InMemoryStateStore(3, this.clock);

	@Test
	void revisionsStartAtOneAndAdvanceByOne() {
		assertThat(this.store.load("r", "k")).isEmpty();
		assertThat(this.store.save("r", "k", state("one"), 0)).isEqualTo(1);
		assertThat(this.store.save("r", "k", state("two"), 1)).isEqualTo(2);

		StoredState latest = this.store.load("r", "k").orElseThrow();
		assertThat(latest.revision()).isEqualTo(2);
		assertThat(latest.state()).isEqualTo(state("two"));
	}

	@Test
	void staleExpectedRevisionIsRefusedAndChangesNothing() {
		this.store.save("r", "k", state("one"), 0);

		assertThatExceptionOfType(StaleRevisionException.class)
			.isThrownBy(() -> this.store.save("r", "k", state("other"), 0))
			.withMessageContainingAll("'r'", "'k'", "revision 0")
			.satisfies((ex) -> assertThat(ex.expectedRevision()).isZero());
		assertThat(this.store.load("r", "k").orElseThrow().state()).isEqualTo(state("one"));
	}

	@Test
	void historyKeepsTheLastRevisionsAndAnswersIntervals() {
		Instant start = this.clock.now;
		for (int revision = 1; revision <= 5; revision++) {
			this.store.save("r", "k", state("v" + revision), revision - 1);
			this.clock.now = this.clock.now.plusSeconds(10);
		}

		assertThat(this.store.loadRevision("r", "k", 2)).isEmpty();
		assertThat(this.store.loadRevision("r", "k", 3))
			.hasValueSatisfying((stored) -> assertThat(stored.state()).isEqualTo(state("v3")));
		assertThat(this.store.revisions("r", "k", start.plusSeconds(30), start.plusSeconds(50)))
			.extracting(StoredState::revision)
			.containsExactly(4L, 5L);
		assertThat(this.store.revisions("r", "k", start, start.plusSeconds(40))).extracting(StoredState::revision)
			.containsExactly(3L, 4L);
	}

	@Test
	void deleteForgetsTheKeySoItStartsAgainFromRevisionOne() {
		this.store.save("r", "k", state("one"), 0);
		this.store.save("r", "other", state("x"), 0);

		assertThat(this.store.delete("r", "k")).isTrue();
		assertThat(this.store.delete("r", "k")).isFalse();
		assertThat(this.store.load("r", "k")).isEmpty();
		assertThat(this.store.save("r", "k", state("again"), 0)).isEqualTo(1);
		assertThat(this.store.load("r", "other")).isPresent();
	}

	@Test
	void registriesAndKeysAreSeparate() {
		this.store.save("a", "k", state("a"), 0);
		this.store.save("b", "k", state("b"), 0);
		this.store.save("a", 1, state("int"), 0);

		assertThat(this.store.load("a", "k").orElseThrow().state()).isEqualTo(state("a"));
		assertThat(this.store.load("b", "k").orElseThrow().state()).isEqualTo(state("b"));
		assertThat(this.store.load("a", "1")).isEmpty();
	}

	private static SerializedState state(String text) {
		return new SerializedState("text", text.getBytes(StandardCharsets.UTF_8));
	}

	private static final class MutableClock extends Clock {

		Instant now = Instant.parse("2026-01-01T00:00:00Z");

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
