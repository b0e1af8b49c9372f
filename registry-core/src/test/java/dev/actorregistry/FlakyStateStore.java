package dev.actorregistry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link InMemoryStateStore} that can be switched off, as a database that went down,
 * and counts the calls it served and refused.
 */
public final class FlakyStateStore implements StateStore {

	private final InMemoryStateStore store = new InMemoryStateStore();

	private volatile boolean down;

	public final AtomicInteger saves = new AtomicInteger();

	public final AtomicInteger refused = new AtomicInteger();

	public void down() {
		this.down = true;
	}

	public void up() {
		this.down = false;
	}

	public InMemoryStateStore delegate() {
		return this.store;
	}

	private void requireUp() {
		if (this.down) {
			this.refused.incrementAndGet();
			throw new IllegalStateException("the store is down");
		}
	}

	@Override
	public Optional<StoredState> load(String registry, Object key) {
		requireUp();
		return this.store.load(registry, key);
	}

	@Override
	public long save(String registry, Object key, SerializedState state, long expectedRevision) {
		requireUp();
		long revision = this.store.save(registry, key, state, expectedRevision);
		this.saves.incrementAndGet();
		return revision;
	}

	@Override
	public boolean delete(String registry, Object key) {
		requireUp();
		return this.store.delete(registry, key);
	}

	@Override
	public Optional<StoredState> loadRevision(String registry, Object key, long revision) {
		requireUp();
		return this.store.loadRevision(registry, key, revision);
	}

	@Override
	public List<StoredState> revisions(String registry, Object key, Instant from, Instant to) {
		requireUp();
		return this.store.revisions(registry, key, from, to);
	}

}
