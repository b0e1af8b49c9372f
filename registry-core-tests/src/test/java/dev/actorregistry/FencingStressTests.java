package dev.actorregistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two registries on one store, as two application instances on one database, both serve
 * the same keys at once. Fencing must keep every acknowledged write: with write-through,
 * a key's stored count equals the increments acknowledged to anyone, whichever registry
 * acknowledged them, however often activations moved between the registries.
 */
// only a guard against a hang: every wait inside ends sooner, saying what it waited for
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class FencingStressTests {

	private static final int KEYS = 20;

	private static final int THREADS = 4;

	private static final int OPERATIONS_PER_THREAD = 20_000;

	private final InMemoryStateStore store = new InMemoryStateStore();

	private final SerializingCodec codec = new SerializingCodec();

	private final AtomicLong conflicts = new AtomicLong();

	// Each conflict is worth a warning in production; here there are thousands on
	// purpose, counted by the listener instead.
	private static final Logger persistenceLogger = Logger.getLogger("dev.actorregistry.internal.StatePersistence");

	private static Level levelBefore;

	@BeforeAll
	static void quietConflictWarnings() {
		levelBefore = persistenceLogger.getLevel();
		persistenceLogger.setLevel(Level.SEVERE);
	}

	@AfterAll
	static void restoreLogging() {
		persistenceLogger.setLevel(levelBefore);
	}

	@Test
	void everyAcknowledgedWriteSurvivesTwoRegistriesWritingTheSameKeys() throws Exception {
		List<ActorRegistry<Integer, PersistentCounter>> registries = List.of(registry(), registry());
		AtomicLongArray acknowledged = new AtomicLongArray(KEYS);
		AtomicLong refused = new AtomicLong();
		ExecutorService clients = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				work.add(clients.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
						int key = random.nextInt(KEYS);
						ActorRegistry<Integer, PersistentCounter> registry = registries.get(random.nextInt(2));
						if (random.nextInt(50) == 0) {
							// a stop hands the key over: the other registry's next save
							// is
							// stale unless it loaded after this one saved
							registry.stop(key);
							continue;
						}
						CompletableFuture<Long> reply = registry.ask(key, PersistentCounter::increment);
						try {
							reply.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
							acknowledged.incrementAndGet(key);
						}
						catch (ExecutionException ex) {
							assertThat(ex.getCause()).isInstanceOfAny(StateConflictException.class,
									ActorStoppedException.class);
							refused.incrementAndGet();
						}
					}
					return null;
				}));
			}
			// the clients' work, not their speed: one deadline for all of them, as a
			// guard
			long deadline = System.nanoTime() + Waits.WORK_TIMEOUT.toNanos();
			for (Future<?> client : work) {
				client.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		registries.forEach((registry) -> assertThat(registry.drain(Waits.TIMEOUT).isComplete()).isTrue());

		long total = 0;
		for (int key = 0; key < KEYS; key++) {
			long stored = this.store.load("counters", String.valueOf(key))
				.map((state) -> this.codec.decode(state.state().data(), PersistentCounter.Count.class).value())
				.orElse(0L);
			assertThat(stored).as("stored count of key %d", key).isEqualTo(acknowledged.get(key));
			total += stored;
		}
		System.out.printf("Fencing: %d increments acknowledged and stored, %d refused, %d conflicts%n", total,
				refused.get(), this.conflicts.get());
		// the race was provoked: activations of one key did collide
		assertThat(this.conflicts.get()).isPositive();
	}

	private ActorRegistry<Integer, PersistentCounter> registry() {
		return ActorRegistry
			.builder("counters", Integer.class, (Integer key, ActorContext<Integer> context) -> new PersistentCounter())
			.stateStore(this.store, this.codec)
			.writeThrough(true)
			.listener(new RegistryListener() {
				@Override
				public void stateConflict(String registry, Object key, StateConflictException conflict) {
					FencingStressTests.this.conflicts.incrementAndGet();
				}
			})
			.build();
	}

}
