package dev.actorregistry;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;
import dev.actorregistry.test.SettableClock;
import dev.actorregistry.test.StateStoreContractTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The in-memory store keeps the contract every {@link StateStore} keeps, and its history
 * holds the number of revisions it was given.
 */
class InMemoryStateStoreTests extends StateStoreContractTests {

	@Override
	protected StateStore createStore(SettableClock clock) {
		return new InMemoryStateStore(3, clock);
	}

	@Test
	void historyKeepsOnlyTheLastRevisionsItWasGiven() {
		SettableClock clock = new SettableClock(T0);
		InMemoryStateStore store = new InMemoryStateStore(3, clock);
		for (int revision = 1; revision <= 5; revision++) {
			store.save("r", "k", state("v" + revision), revision - 1);
			clock.advance(Duration.ofSeconds(10));
		}

		assertThat(store.loadRevision("r", "k", 2)).isEmpty();
		assertThat(store.loadRevision("r", "k", 3))
			.hasValueSatisfying((stored) -> assertThat(stored.state()).isEqualTo(state("v3")));
		assertThat(store.revisions("r", "k", Instant.EPOCH, T0.plusSeconds(60))).extracting(StoredState::revision)
			.containsExactly(3L, 4L, 5L);
		assertThat(store.revisions("r", "k", T0, T0.plusSeconds(40))).extracting(StoredState::revision)
			.containsExactly(3L, 4L);
	}

	@Test
	void aHistoryWithoutTheLatestRevisionIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryStateStore(0, new SettableClock(T0)))
			.withMessageContaining("at least the latest revision");
	}

}
