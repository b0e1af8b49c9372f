package dev.actorregistry.cluster.hazelcast;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.StopReason;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.SerializingInvocationCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member that leaves gracefully ({@code HazelcastActorCluster.leave}) hands its keys to
 * the others while its registry still runs: each of its actors stops as
 * {@link StopReason#MIGRATED} with its final save before the new owner loads it, callers
 * on the other members see no failed call, and the drain afterwards finds nothing left.
 * The actors save only as they stop (no write-through), so a key handed over without its
 * final save would lose increments.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GracefulLeaveTests {

	private static final String REGISTRY = "tallies";

	private static final List<String> KEYS = IntStream.range(0, 48).mapToObj((i) -> "key-" + i).toList();

	private static final int CLIENTS = 3;

	private static final Duration WAIT = Duration.ofMinutes(2);

	private final InMemoryStateStore store = new InMemoryStateStore();

	private final List<String> history = new CopyOnWriteArrayList<>();

	private final List<ActorRegistry<String, Tally>> registries = new ArrayList<>();

	private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

	private LoopbackMembers members;

	@AfterEach
	void shutDown() throws InterruptedException {
		this.clients.shutdownNow();
		this.clients.awaitTermination(1, TimeUnit.MINUTES);
		this.registries.forEach(ActorRegistry::close);
		if (this.members != null) {
			this.members.close();
		}
	}

	@Test
	void aLeavingMemberHandsEachKeyOverWithItsFinalSaveWhileCallsGoOnWithoutFailing() throws Exception {
		this.members = LoopbackMembers.start(3);
		StopsSeen leaverStops = new StopsSeen();
		for (int i = 0; i < 3; i++) {
			this.registries.add(ActorRegistry
				.<String, Tally>builder(REGISTRY, String.class, (key, context) -> new Tally())
				.stateStore(this.store, new SerializingCodec())
				.cluster(this.members.get(i), new SerializingInvocationCodec())
				.askTimeout(WAIT)
				.listener(RegistryListener
					.allOf(List.of(new History("m" + i, this.history), (i == 2) ? leaverStops : RegistryListener.NONE)))
				.build());
		}
		HazelcastActorCluster leaver = this.members.get(2);
		Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
		KEYS.forEach((key) -> acknowledged.put(key, new AtomicLong()));
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong calls = new AtomicLong();
		List<Future<?>> running = new ArrayList<>();
		for (int client = 0; client < CLIENTS; client++) {
			// the callers stay: members 0 and 1
			Counting.Client proxies = new Counting.Client(this.registries.get(client % 2));
			running.add(this.clients.submit(() -> {
				while (!stop.get()) {
					String key = KEYS.get(ThreadLocalRandom.current().nextInt(KEYS.size()));
					try {
						proxies.of(key).add(1);
						acknowledged.get(key).incrementAndGet();
						calls.incrementAndGet();
					}
					catch (RuntimeException ex) {
						failures.add(ex);
					}
				}
			}));
		}
		// every key live, a third of them on the member that leaves
		await("every key called").atMost(WAIT).until(() -> acknowledged.values().stream().allMatch((n) -> n.get() > 0));
		int liveOnLeaver = this.registries.get(2).size();
		assertThat(liveOnLeaver).as("keys live on the member that leaves").isPositive();

		leaver.leave();

		assertThat(this.registries.get(2).status()).as("the leaver's registry still runs after the leave")
			.isEqualTo(RegistryStatus.RUNNING);
		assertThat(this.registries.get(2).size()).as("actors left live on the member that left").isZero();
		long afterLeave = calls.get();
		await("calls served after the leave").atMost(WAIT).until(() -> calls.get() > afterLeave + 200);
		stop.set(true);
		for (Future<?> client : running) {
			client.get(1, TimeUnit.MINUTES);
		}

		assertThat(failures).as("failed calls").isEmpty();
		assertThat(leaverStops.reasons).as("how the leaver's actors stopped")
			.hasSizeGreaterThanOrEqualTo(liveOnLeaver)
			.containsOnly(StopReason.MIGRATED);
		Counting.Client reader = new Counting.Client(this.registries.get(0));
		for (String key : KEYS) {
			assertThat(reader.of(key).add(0)).as("the count of %s; its history: %s", key, historyOf(key))
				.isEqualTo(acknowledged.get(key).get());
		}
		System.out.println("Graceful leave: " + liveOnLeaver + " keys handed over, " + calls.get()
				+ " calls acknowledged, " + failures.size() + " failed");
	}

	private List<String> historyOf(String key) {
		return this.history.stream().filter((event) -> event.contains(" " + key + " ")).toList();
	}

	/** What happened to each key, where, in order: shown when a count is wrong. */
	record History(String member, List<String> events) implements RegistryListener {

		@Override
		public void actorStarted(String registry, Object key, long startNanos) {
			this.events.add(this.member + " " + key + " started");
		}

		@Override
		public void actorStopped(String registry, Object key, StopReason reason) {
			this.events.add(this.member + " " + key + " stopped " + reason);
		}

		@Override
		public void stateLoaded(String registry, Object key, long revision, long loadNanos,
				@Nullable Throwable failure) {
			this.events.add(this.member + " " + key + " loaded revision " + revision);
		}

		@Override
		public void stateSaved(String registry, Object key, long revision, long saveNanos,
				@Nullable Throwable failure) {
			this.events.add(this.member + " " + key + " saved revision " + revision
					+ ((failure != null) ? " FAILED " + failure.getClass().getSimpleName() : ""));
		}

	}

	@ActorInterface
	public interface Counting {

		long add(long amount);

		/** The proxies of one registry. */
		final class Client {

			private final ActorRegistry<String, Tally> registry;

			Client(ActorRegistry<String, Tally> registry) {
				this.registry = registry;
			}

			Counting of(String key) {
				return this.registry.client(Counting.class).get(key);
			}

		}

	}

	record TallyState(long count) implements Serializable {
	}

	static final class Tally implements Counting, PersistentActor<TallyState> {

		private long count;

		@Override
		public long add(long amount) {
			this.count += amount;
			return this.count;
		}

		@Override
		public TallyState snapshot() {
			return new TallyState(this.count);
		}

		@Override
		public void restore(TallyState state) {
			this.count = state.count();
		}

	}

	/** The reasons a registry's actors stopped for. */
	static final class StopsSeen implements RegistryListener {

		final List<StopReason> reasons = new CopyOnWriteArrayList<>();

		@Override
		public void actorStopped(String registry, Object key, StopReason reason) {
			this.reasons.add(reason);
		}

	}

}
