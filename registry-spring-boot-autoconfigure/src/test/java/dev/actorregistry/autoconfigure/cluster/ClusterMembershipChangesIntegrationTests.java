package dev.actorregistry.autoconfigure.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.actorregistry.ChildInfo;
import dev.actorregistry.autoconfigure.cluster.CallRecords.Outcome;
import dev.actorregistry.autoconfigure.cluster.CallRecords.Tally;
import dev.actorregistry.autoconfigure.cluster.LedgerTestApplication.Ledger;
import dev.actorregistry.autoconfigure.cluster.LedgerTestApplication.LedgerState;
import dev.actorregistry.autoconfigure.cluster.LedgerTestApplication.LiveLedgers;
import dev.actorregistry.cluster.hazelcast.HazelcastActorCluster;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.jpa.TestDatabase;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Membership changes under load, in one JVM: instances of one application, each its own
 * Spring context with its own Hazelcast member on the loopback interface, on one real
 * PostgreSQL with write-through. Client threads call ledgers through every instance's
 * typed client, each call with a unique id, while a fourth instance joins, one leaves
 * gracefully and one member is terminated abruptly under its still-running context (a
 * zombie). Each ledger keeps, in its saved state, how many times it applied each id, so
 * that the final states tell exactly which acknowledged calls were lost and which were
 * applied twice. Per event the test counts the calls acknowledged and failed, the lost
 * and doubled ones, the keys live on two instances at once, and the saves refused as
 * stale.
 * <p>
 * The zombie's actors get no call any more (a terminated member cannot place a key, so
 * its registry refuses every call at once), and a member that left the cluster owns no
 * key: within a second its registry stops them ({@code StopReason.MIGRATED}). Until then
 * their timers still tick and each tick is saved: a save after the survivors saved the
 * key is refused by the revision and stops that actor, at most once per actor.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClusterMembershipChangesIntegrationTests {

	private static final int KEYS = 48;

	private static final int THREADS_PER_INSTANCE = 2;

	/**
	 * Calls acknowledged through each instance before an event is done: traffic flows
	 * through every instance again, after the change settled.
	 */
	private static final int CALLS_THROUGH_EACH = 100;

	private static final String[] NAMES = { "m1", "m2", "m3", "m4" };

	/**
	 * How long a client's call may take to return once its clients are told to stop: its
	 * ask timeout (30 s by default) bounds it, with room to spare.
	 */
	private static final Duration STOP_CLIENTS_TIMEOUT = Duration.ofMinutes(1);

	private final TestDatabase.Instance database = TestDatabase.POSTGRESQL.create();

	private final String clusterName = "membership-" + UUID.randomUUID();

	private final List<Integer> ports = LoopbackCluster.freePorts(NAMES.length);

	/** The instances whose contexts are open, by name, including a zombie. */
	private final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();

	private final CallRecords records = new CallRecords();

	private final List<String> keys = IntStream.range(0, KEYS).mapToObj((i) -> "ledger-" + i).toList();

	private final ClientLoad load = new ClientLoad(this.records, this.keys);

	/** Client threads whose call never returned, with where they wait. */
	private final List<String> hung = new ArrayList<>();

	/** What each event showed besides its calls, by event, in order. */
	private final Map<String, EventFigures> figures = new LinkedHashMap<>();

	ClusterMembershipChangesIntegrationTests() throws IOException {
	}

	@AfterEach
	void closeEverything() throws InterruptedException {
		try {
			this.load.close();
		}
		finally {
			List<String> open = new ArrayList<>(this.contexts.keySet());
			for (int i = open.size() - 1; i >= 0; i--) {
				this.contexts.remove(open.get(i)).close();
			}
			TestDatabase.POSTGRESQL.drop(this.database);
		}
	}

	@Test
	void callsThroughEveryInstanceAreNeitherLostNorAppliedTwiceAsMembersJoinLeaveAndDie() throws Exception {
		for (int i = 0; i < 3; i++) {
			startInstance(NAMES[i]);
		}
		awaitFormed(List.of("m1", "m2", "m3"));
		event("steady", List.of("m1", "m2", "m3"), () -> {
			for (String name : List.of("m1", "m2", "m3")) {
				this.load.start(name, ledgers(name), THREADS_PER_INSTANCE);
			}
		});
		event("join m4", List.of("m1", "m2", "m3", "m4"), () -> {
			startInstance("m4");
			this.load.start("m4", ledgers("m4"), THREADS_PER_INSTANCE);
		});
		event("graceful leave m2", List.of("m1", "m3", "m4"), () -> {
			// as a load balancer would, no more calls go through the instance that stops
			this.hung.addAll(this.load.stop("m2", STOP_CLIENTS_TIMEOUT));
			this.contexts.remove("m2").close();
		});
		Zombie zombie = new Zombie("m3");
		EventFigures terminated = event("terminate m3", List.of("m1", "m4"), () -> {
			LiveLedgers.zombie(zombie.name);
			// the member dies under its context, which stays up with its actors: a zombie
			cluster(zombie.name).instance().getLifecycleService().terminate();
			zombie.actorsAtItsEnd = liveKeys(zombie.name).size();
		}, () -> {
			// every call through it is refused from now on, so its clients stop
			this.hung.addAll(this.load.stop(zombie.name, STOP_CLIENTS_TIMEOUT));
			// its actors' timers still tick, and each tick is saved: once the survivors
			// saved a key, the zombie's next save of it is refused and its actor stops
			await().atMost(Waits.TIMEOUT).until(() -> liveKeys(zombie.name).isEmpty());
		});
		zombie.callsFailed = this.records.tally("terminate m3", Map.of())
			.failed()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith(" via " + zombie.name))
			.mapToLong(Map.Entry::getValue)
			.sum();
		zombie.staleWritesRefused = count(LedgerTestApplication.STALE_WRITES, zombie.name) - zombie.staleWritesBefore;
		zombie.migratedStops = count(LedgerTestApplication.MIGRATED, zombie.name) - zombie.migratedBefore;
		long savesBeforeClose = count(LedgerTestApplication.SAVES, zombie.name);
		// its registry drains: each actor it still has would stop with a final save
		event("zombie m3 closes", List.of("m1", "m4"), () -> this.contexts.remove(zombie.name).close());
		zombie.savesOnClose = count(LedgerTestApplication.SAVES, zombie.name) - savesBeforeClose;
		terminated.zombie = zombie;
		this.records.event("end");
		this.hung.addAll(this.load.stopAll(STOP_CLIENTS_TIMEOUT));
		for (String name : List.copyOf(this.contexts.keySet())) {
			this.contexts.remove(name).close();
		}

		Map<Long, Integer> applied = appliedInTheDatabase();
		List<Tally> tallies = this.figures.keySet()
			.stream()
			.map((event) -> this.records.tally(event, applied))
			.toList();
		print(tallies);
		assertThat(this.hung).as("client threads whose call never returned").isEmpty();
		for (Tally tally : tallies) {
			EventFigures event = this.figures.get(tally.event());
			assertThat(tally.acknowledged()).as("calls acknowledged during '%s'", tally.event()).isPositive();
			assertThat(tally.lost()).as("acknowledged calls lost during '%s'", tally.event()).isZero();
			assertThat(tally.appliedTwice()).as("calls applied twice during '%s'", tally.event()).isZero();
			assertThat(tally.refusedButApplied())
				.as("calls failed as not run or refused as stale, yet applied, '%s'", tally.event())
				.isZero();
			assertThat(event.startsWhileLiveElsewhere).as("starts while live on another member, '%s'", tally.event())
				.isZero();
			assertThat(event.sampledLiveOnTwo).as("keys seen live on two members after '%s'", tally.event()).isZero();
		}
		for (String graceful : List.of("steady", "join m4", "graceful leave m2")) {
			assertThat(tallyOf(tallies, graceful).failed()).as("calls failed during '%s'", graceful).isEmpty();
		}
		assertThat(zombie.actorsAtItsEnd).as("actors live on m3 when its member was terminated").isPositive();
		assertThat(zombie.staleWritesRefused).as("saves by m3's actors refused as stale, at most one per actor")
			.isLessThanOrEqualTo(zombie.actorsAtItsEnd);
		assertThat(zombie.migratedStops + zombie.staleWritesRefused)
			.as("m3's actors stopped as their keys left it, or refused as stale")
			.isGreaterThanOrEqualTo(zombie.actorsAtItsEnd);
		assertThat(zombie.savesOnClose).as("saves when the zombie closed, with no actor left").isZero();
		Tally termination = tallyOf(tallies, "terminate m3");
		assertThat(termination.failed().keySet()).as("how calls failed while m3's member was terminated")
			.allMatch((failure) -> failure.startsWith(Outcome.OUTCOME_UNKNOWN + " ")
					|| failure.startsWith(Outcome.NOT_RUN + " ") || failure.startsWith(Outcome.STATE_CONFLICT + " "));
	}

	/**
	 * Run one event under load: make the change, then wait until the given instances form
	 * the cluster, every partition has an owner and none moves, and each of them has
	 * acknowledged {@value #CALLS_THROUGH_EACH} more calls; then look for keys live on
	 * two of them.
	 */
	private EventFigures event(String name, List<String> after, ThrowingRunnable change) throws Exception {
		return event(name, after, change, () -> {
		});
	}

	/**
	 * Run one event under load as {@link #event(String, List, ThrowingRunnable)}, then
	 * wait for what else the event must lead to before its figures are taken.
	 */
	private EventFigures event(String name, List<String> after, ThrowingRunnable change, ThrowingRunnable settled)
			throws Exception {
		EventFigures event = new EventFigures();
		this.figures.put(name, event);
		long staleBefore = total(LedgerTestApplication.STALE_WRITES);
		long overlapsBefore = LiveLedgers.overlaps();
		long overZombieBefore = LiveLedgers.overZombie();
		this.records.event(name);
		long began = System.nanoTime();
		change.run();
		awaitFormed(after);
		event.settledMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
		awaitCallsThroughEach(after);
		settled.run();
		event.sampledLiveOnTwo = sampleKeysLiveOnTwo(after);
		event.startsWhileLiveElsewhere = LiveLedgers.overlaps() - overlapsBefore;
		event.startsWhileLiveOnZombie = LiveLedgers.overZombie() - overZombieBefore;
		event.staleWritesRefused = total(LedgerTestApplication.STALE_WRITES) - staleBefore;
		return event;
	}

	private void startInstance(String name) {
		String members = this.ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		int port = this.ports.get(List.of(NAMES).indexOf(name));
		List<String> properties = new ArrayList<>(this.database.properties());
		properties.addAll(List.of("spring.main.banner-mode=off", "spring.jpa.hibernate.ddl-auto=none",
				"actors.persistence.write-through=true", "actors.cluster.enabled=true",
				"actors.cluster.name=" + this.clusterName, "actors.cluster.members=" + members,
				"actors.cluster.port=" + port, "actors.cluster.port-auto-increment=false",
				"actors.cluster.interface=127.0.0.1", "actors.cluster.heartbeat-timeout=5s", "test.member=" + name,
				"logging.level.com.hazelcast=WARN"));
		this.contexts.put(name,
				new SpringApplicationBuilder(LedgerTestApplication.class).web(WebApplicationType.NONE)
					.properties(properties.toArray(String[]::new))
					.run());
	}

	/**
	 * Wait until the instances' members, and only they, form the cluster, every partition
	 * has an owner and no partition is moving.
	 */
	private void awaitFormed(List<String> names) {
		await().atMost(Waits.TIMEOUT)
			.until(() -> LoopbackCluster.isFormed(names.stream().map((name) -> cluster(name).instance()).toList()));
	}

	private void awaitCallsThroughEach(List<String> names) {
		Map<String, Long> before = new HashMap<>();
		for (String name : names) {
			before.put(name, this.records.acknowledgedVia(name));
		}
		await().atMost(Waits.TIMEOUT)
			.until(() -> names.stream()
				.allMatch((name) -> this.records.acknowledgedVia(name) - before.get(name) >= CALLS_THROUGH_EACH));
	}

	/**
	 * Keys that more than one instance lists as live, in three looks at every instance's
	 * registry, each after more calls went through.
	 */
	private long sampleKeysLiveOnTwo(List<String> names) {
		long onTwo = 0;
		for (int look = 0; look < 3; look++) {
			Map<String, Long> holders = new HashMap<>();
			for (String name : names) {
				for (String key : liveKeys(name)) {
					holders.merge(key, 1L, Long::sum);
				}
			}
			onTwo += holders.values().stream().filter((count) -> count > 1).count();
			long before = names.stream().mapToLong(this.records::acknowledgedVia).sum();
			await().atMost(Waits.TIMEOUT)
				.until(() -> names.stream().mapToLong(this.records::acknowledgedVia).sum() - before >= KEYS);
		}
		return onTwo;
	}

	private Set<String> liveKeys(String name) {
		return this.contexts.get(name)
			.getBean(ActorRegistries.class)
			.get("ledger")
			.whichChildren()
			.stream()
			.map(ChildInfo::key)
			.map(String::valueOf)
			.collect(Collectors.toSet());
	}

	/** Per call id, how many times the ledgers' states in the database hold it. */
	private Map<Long, Integer> appliedInTheDatabase() {
		JsonMapper json = JsonMapper.builder().build();
		Map<Long, Integer> applied = new HashMap<>();
		List<byte[]> states = this.database.jdbc()
			.queryForList("SELECT state FROM actor_state WHERE registry = 'ledger'", byte[].class);
		for (byte[] state : states) {
			json.readValue(state, LedgerState.class)
				.applied()
				.forEach((id, times) -> applied.merge(id, times, Integer::sum));
		}
		assertThat(states).as("ledgers in the database").hasSize(KEYS);
		return applied;
	}

	private void print(List<Tally> tallies) {
		System.out.printf("%nMembership changes under load (%d ledgers, %d client threads per instance):%n", KEYS,
				THREADS_PER_INSTANCE);
		for (Tally tally : tallies) {
			EventFigures event = this.figures.get(tally.event());
			System.out.printf(
					"  %-18s acknowledged %5d, failed %3d (not run %d, outcome unknown %d [applied %d], refused as stale %d,"
							+ " other %d),"
							+ " lost %d, applied twice %d, refused-but-applied %d; starts while live elsewhere %d"
							+ " (on the zombie %d), live on two members in samples %d, stale writes refused %d;"
							+ " settled in %d ms%n",
					tally.event(), tally.acknowledged(), tally.failedCount(), tally.failedCount(Outcome.NOT_RUN),
					tally.failedCount(Outcome.OUTCOME_UNKNOWN), tally.unknownApplied(),
					tally.failedCount(Outcome.STATE_CONFLICT), tally.failedCount(Outcome.OTHER), tally.lost(),
					tally.appliedTwice(), tally.refusedButApplied(), event.startsWhileLiveElsewhere,
					event.startsWhileLiveOnZombie, event.sampledLiveOnTwo, event.staleWritesRefused,
					event.settledMillis);
			tally.failed().forEach((failure, count) -> System.out.printf("      %5d %s%n", count, failure));
			Zombie zombie = event.zombie;
			if (zombie != null) {
				System.out.printf(
						"      zombie %s: %d calls through it failed; %d actors live on it when its member ended,"
								+ " %d stopped as their keys left it, %d of their saves refused as stale;"
								+ " %d saves when it closed%n",
						zombie.name, zombie.callsFailed, zombie.actorsAtItsEnd, zombie.migratedStops,
						zombie.staleWritesRefused, zombie.savesOnClose);
			}
		}
		this.records.firstMessages()
			.forEach((failure, message) -> System.out.printf("  first %s: %s%n", failure, message));
		this.hung.forEach((thread) -> System.out.printf("  hung: %s%n", thread));
	}

	private static Tally tallyOf(List<Tally> tallies, String event) {
		return tallies.stream().filter((tally) -> tally.event().equals(event)).findFirst().orElseThrow();
	}

	private static long total(Map<String, AtomicLong> counts) {
		return counts.values().stream().mapToLong(AtomicLong::get).sum();
	}

	private static long count(Map<String, AtomicLong> counts, String member) {
		AtomicLong count = counts.get(member);
		return (count != null) ? count.get() : 0;
	}

	private HazelcastActorCluster cluster(String name) {
		return this.contexts.get(name).getBean(HazelcastActorCluster.class);
	}

	@SuppressWarnings("unchecked")
	private ActorClient<String, Ledger> ledgers(String name) {
		return this.contexts.get(name).getBean("ledgerLedgerClient", ActorClient.class);
	}

	/** What one event showed besides its calls. */
	private static final class EventFigures {

		long settledMillis;

		long sampledLiveOnTwo;

		long startsWhileLiveElsewhere;

		long startsWhileLiveOnZombie;

		long staleWritesRefused;

		@Nullable Zombie zombie;

	}

	/** An instance whose member was terminated under its running context. */
	private static final class Zombie {

		final String name;

		final long staleWritesBefore;

		final long migratedBefore;

		long actorsAtItsEnd;

		long callsFailed;

		long staleWritesRefused;

		long migratedStops;

		long savesOnClose;

		Zombie(String name) {
			this.name = name;
			this.staleWritesBefore = count(LedgerTestApplication.STALE_WRITES, name);
			this.migratedBefore = count(LedgerTestApplication.MIGRATED, name);
		}

	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Exception;

	}

}
