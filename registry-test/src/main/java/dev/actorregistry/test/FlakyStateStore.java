package dev.actorregistry.test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

import dev.actorregistry.persistence.AppliedInvocation;
import dev.actorregistry.persistence.DurableChanges;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;

/**
 * An {@link InMemoryStateStore} that can be switched off, as a database that went down,
 * and counts the calls it got, served and refused. Its failure's text and its longest key
 * may be set, to play a database whose errors quote SQL.
 */
public final class FlakyStateStore implements StateStore {

	private final InMemoryStateStore store = new InMemoryStateStore();

	private final String failure;

	private final int maxKeyLength;

	private volatile boolean down;

	/** Saves of these (registry, key) pairs are refused even while the store is up. */
	private volatile BiPredicate<String, String> refusedSaves = (registry, key) -> false;

	private final AtomicBoolean failNextDelivered = new AtomicBoolean();

	/** Every call, served or refused. */
	public final AtomicInteger calls = new AtomicInteger();

	public final AtomicInteger saves = new AtomicInteger();

	public final AtomicInteger refused = new AtomicInteger();

	/** A store without a key limit whose failure says it is down. */
	public FlakyStateStore() {
		this("the store is down", Integer.MAX_VALUE);
	}

	/**
	 * A store with a failure of its own.
	 * @param failure the text of the exception it throws while down
	 * @param maxKeyLength its longest key, as text
	 */
	public FlakyStateStore(String failure, int maxKeyLength) {
		this.failure = failure;
		this.maxKeyLength = maxKeyLength;
	}

	@Override
	public int maxKeyLength() {
		return this.maxKeyLength;
	}

	public void down() {
		this.down = true;
	}

	public void up() {
		this.down = false;
	}

	/**
	 * Refuse the saves of some actors, as a database refusing their rows would, until
	 * called again; {@code (registry, key) -> false} accepts every save again.
	 * @param refused which saves to refuse, by registry and key (as text)
	 */
	public void refuseSaves(BiPredicate<String, String> refused) {
		this.refusedSaves = refused;
	}

	/** The next record of a delivery fails, as a database's failed transaction would. */
	public void failNextDelivered() {
		this.failNextDelivered.set(true);
	}

	public InMemoryStateStore delegate() {
		return this.store;
	}

	private void requireUp() {
		this.calls.incrementAndGet();
		if (this.down) {
			this.refused.incrementAndGet();
			throw new IllegalStateException(this.failure);
		}
	}

	@Override
	public Optional<StoredState> load(String registry, String key) {
		requireUp();
		return this.store.load(registry, key);
	}

	@Override
	public long save(String registry, String key, SerializedState state, long expectedRevision) {
		return save(registry, key, state, expectedRevision, DurableChanges.NONE);
	}

	@Override
	public long save(String registry, String key, SerializedState state, long expectedRevision,
			DurableChanges changes) {
		requireUp();
		if (this.refusedSaves.test(registry, key)) {
			this.refused.incrementAndGet();
			throw new IllegalStateException(this.failure + ": the save of " + registry + "/" + key + " is refused");
		}
		long revision = this.store.save(registry, key, state, expectedRevision, changes);
		this.saves.incrementAndGet();
		return revision;
	}

	@Override
	public boolean keepsDurableSends() {
		return this.store.keepsDurableSends();
	}

	@Override
	public List<AppliedInvocation> inbox(String registry, String key) {
		requireUp();
		return this.store.inbox(registry, key);
	}

	@Override
	public List<DurableSend> outbox(String registry, int limit) {
		requireUp();
		return this.store.outbox(registry, limit);
	}

	@Override
	public List<DurableSend> outbox(String registry, String key) {
		requireUp();
		return this.store.outbox(registry, key);
	}

	@Override
	public boolean delivered(DurableSend send) {
		requireUp();
		if (this.failNextDelivered.compareAndSet(true, false)) {
			throw new IllegalStateException(this.failure + ": the delivery of " + send.id() + " is not recorded");
		}
		return this.store.delivered(send);
	}

	@Override
	public boolean delete(String registry, String key) {
		requireUp();
		return this.store.delete(registry, key);
	}

	@Override
	public Optional<StoredState> loadRevision(String registry, String key, long revision) {
		requireUp();
		return this.store.loadRevision(registry, key, revision);
	}

	@Override
	public List<StoredState> revisions(String registry, String key, Instant from, Instant to) {
		requireUp();
		return this.store.revisions(registry, key, from, to);
	}

}
