package dev.actorregistry.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three packaged sample jars as processes forming a cluster on loopback, on one
 * PostgreSQL database, under a load of concurrent deposits spread over all three, while
 * one instance is stopped with SIGTERM and started again (a rolling restart of that one),
 * then another, the owner of some accounts, is killed with SIGKILL and started again.
 * <p>
 * A deposit has no id: one whose call failed or was cut off may or may not have been
 * applied (outcome unknown). So each account's balance must lie between the sum of its
 * acknowledged deposits (none lost) and that sum plus its outcome-unknown ones (nothing
 * applied that was not sent); every instance must read the same balance, and no account
 * may be live on two instances. The fail-over time after the SIGKILL is printed, not
 * asserted.
 * <p>
 * Runs the repackaged jar, so Maven Failsafe runs it after {@code package}.
 */
class ClusterProcessesIntegrationTests {

	private static final int INSTANCES = 3;

	private static final List<String> ACCOUNTS = IntStream.range(0, 6).mapToObj((i) -> "procs-" + i).toList();

	private static final int CLIENTS = 4;

	// deposits acknowledged between two events of the test: a count, so each event lands
	// in the middle of the load however slow the machine is
	private static final int DEPOSITS_BETWEEN_EVENTS = 60;

	// Every deadline of this test guards against a hang only.
	private static final Duration HANG_GUARD = Duration.ofMinutes(2);

	// a deposit's call: long enough for a call routed to a member that just died to be
	// answered (the member is declared dead after 10 s without a heartbeat)
	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in ");

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final Instance[] instances = new Instance[INSTANCES];

	private final AtomicBoolean stop = new AtomicBoolean();

	private final Map<String, LongAdder> acknowledgedSum = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> unknownSum = new ConcurrentHashMap<>();

	private final AtomicLong acknowledged = new AtomicLong();

	private final AtomicLong failedDuringTerm = new AtomicLong();

	private final AtomicLong failedDuringKill = new AtomicLong();

	private final AtomicLong failedOtherwise = new AtomicLong();

	private final Map<String, LongAdder> failureKinds = new ConcurrentHashMap<>();

	// the first answer of each kind of failure, printed for a person to judge
	private final Map<String, String> failureSamples = new ConcurrentHashMap<>();

	/** What the load is living through: failures are counted per phase. */
	private volatile Phase phase = Phase.STEADY;

	/** The accounts the killed instance owned, and when it was killed. */
	private volatile @Nullable Failover failover;

	private final AtomicLong firstDepositAfterKill = new AtomicLong(Long.MAX_VALUE);

	private @Nullable EmbeddedPostgres postgres;

	private @Nullable ExecutorService pool;

	@AfterEach
	void killEverything() throws IOException {
		this.stop.set(true);
		if (this.pool != null) {
			this.pool.shutdownNow();
		}
		for (Instance instance : this.instances) {
			if (instance != null && instance.process != null) {
				instance.process.close();
			}
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	void depositsSurviveARollingRestartAndAKillOfAnOwner() throws Exception {
		long began = System.nanoTime();
		Path jar = Path.of(requiredProperty("sample.jar"));
		assertThat(jar).as("the repackaged application; run `./mvnw -pl sample-app -am verify`").isRegularFile();
		Path logs = Path.of(requiredProperty("sample.log")).getParent();
		Files.createDirectories(logs);
		this.postgres = EmbeddedPostgres.builder().start();
		int[] clusterPorts = freePorts(INSTANCES);
		int[] serverPorts = freePorts(INSTANCES);
		String members = IntStream.of(clusterPorts)
			.mapToObj((port) -> "127.0.0.1:" + port)
			.collect(Collectors.joining(","));
		for (int i = 0; i < INSTANCES; i++) {
			this.instances[i] = new Instance(i, serverPorts[i],
					List.of("--server.port=" + serverPorts[i], "--spring.profiles.active=cluster,postgres",
							"--actors.cluster.port=" + clusterPorts[i], "--actors.cluster.members=" + members,
							"--spring.datasource.url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
							"--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
		}
		// the first creates the tables; the others start together once they exist
		this.instances[0].start(jar, logs);
		this.instances[0].awaitStarted();
		for (int i = 1; i < INSTANCES; i++) {
			this.instances[i].start(jar, logs);
		}
		for (int i = 1; i < INSTANCES; i++) {
			this.instances[i].awaitStarted();
		}
		awaitClusterOfThree();
		for (String account : ACCOUNTS) {
			open(account);
			this.acknowledgedSum.put(account, new LongAdder());
			this.unknownSum.put(account, new LongAdder());
		}

		this.pool = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			clients.add(this.pool.submit(this::depositUntilStopped));
		}
		awaitAcknowledged(DEPOSITS_BETWEEN_EVENTS, clients);

		// (1) a rolling restart of one instance: taken out of the clients' rotation, as a
		// load balancer does, then SIGTERM, then started again
		Instance terminated = this.instances[1];
		this.phase = Phase.TERM;
		terminated.up = false;
		terminated.process.terminate();
		int termExit = terminated.process.awaitExit(HANG_GUARD);
		terminated.start(jar, logs);
		terminated.awaitStarted();
		awaitClusterOfThree();
		terminated.up = true;
		this.phase = Phase.STEADY;
		awaitAcknowledged(DEPOSITS_BETWEEN_EVENTS, clients);

		// (2) a SIGKILL of the instance that owns the most accounts, other than the one
		// just restarted
		Map<String, String> owners = owners();
		Instance killed = this.instances[0];
		List<String> ownedByKilled = List.of();
		for (Instance candidate : this.instances) {
			if (candidate == terminated) {
				continue;
			}
			String member = localMember(candidate);
			List<String> owned = ACCOUNTS.stream().filter((account) -> member.equals(owners.get(account))).toList();
			if (owned.size() > ownedByKilled.size()) {
				killed = candidate;
				ownedByKilled = owned;
			}
		}
		assertThat(ownedByKilled).as("accounts owned by the instance to kill; owners %s", owners).isNotEmpty();
		this.phase = Phase.KILL;
		killed.up = false;
		long killedAt = System.nanoTime();
		this.failover = new Failover(ownedByKilled, killedAt);
		int killExit = killed.process.kill(HANG_GUARD);
		killed.process.close();
		awaitFirstDepositAfterKill(clients);
		double failoverSeconds = (this.firstDepositAfterKill.get() - killedAt) / 1e9;
		killed.start(jar, logs);
		killed.awaitStarted();
		awaitClusterOfThree();
		killed.up = true;
		this.phase = Phase.STEADY;
		awaitAcknowledged(DEPOSITS_BETWEEN_EVENTS, clients);

		this.stop.set(true);
		for (Future<?> client : clients) {
			client.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
		}
		awaitClusterOfThree();

		// the sample exits with Spring Boot's exit code, 0, after a clean close on
		// SIGTERM
		assertThat(termExit).as("exit code after SIGTERM: a clean shutdown").isZero();
		assertThat(killExit).as("exit code after SIGKILL").isEqualTo(137);
		long unknown = this.failedDuringTerm.get() + this.failedDuringKill.get() + this.failedOtherwise.get();
		for (String account : ACCOUNTS) {
			long low = this.acknowledgedSum.get(account).sum();
			long high = low + this.unknownSum.get(account).sum();
			List<Long> balances = new ArrayList<>();
			for (Instance instance : this.instances) {
				balances.add(balance(instance, account));
			}
			assertThat(balances.get(0))
				.as("%s: at least its acknowledged deposits, at most those plus its %d outcome-unknown ones", account,
						unknown)
				.isBetween(low, high);
			assertThat(balances).as("%s read from each instance", account).containsOnly(balances.get(0));
			long live = 0;
			for (Instance instance : this.instances) {
				if (isActiveOn(instance, account)) {
					live++;
				}
			}
			assertThat(live).as("instances on which %s is live", account).isLessThanOrEqualTo(1);
		}
		System.out.printf(
				"Cluster processes test: %d deposits acknowledged; failed (outcome unknown): %d during the SIGTERM "
						+ "and restart, %d during the SIGKILL and restart, %d otherwise %s; fail-over after the "
						+ "SIGKILL (to the first deposit acknowledged for one of the %d accounts the killed instance "
						+ "owned): %.2f s; in %d s; first answer of each failure: %s%n",
				this.acknowledged.get(), this.failedDuringTerm.get(), this.failedDuringKill.get(),
				this.failedOtherwise.get(), this.failureKinds, ownedByKilled.size(), failoverSeconds,
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began), this.failureSamples);
	}

	/**
	 * One client: deposits of known amounts to random accounts through random instances
	 * that are up, until told to stop.
	 */
	private void depositUntilStopped() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (!this.stop.get()) {
			List<Instance> up = Arrays.stream(this.instances).filter((instance) -> instance.up).toList();
			Instance target = up.get(random.nextInt(up.size()));
			String account = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
			long amount = random.nextLong(1, 100);
			Phase during = this.phase;
			long sentAt = System.nanoTime();
			String failure;
			try {
				HttpResponse<String> response = this.http
					.send(HttpRequest.newBuilder(target.base.resolve("/accounts/" + account + "/deposits"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"amount\": " + amount + "}"))
						.timeout(CALL_TIMEOUT)
						.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					this.acknowledgedSum.get(account).add(amount);
					this.acknowledged.incrementAndGet();
					Failover current = this.failover;
					if (current != null && sentAt - current.killedAt() > 0 && current.accounts().contains(account)) {
						this.firstDepositAfterKill.accumulateAndGet(System.nanoTime(), Math::min);
					}
					continue;
				}
				failure = "HTTP " + response.statusCode();
				this.failureSamples.putIfAbsent(failure, response.body());
			}
			catch (IOException ex) {
				failure = ex.getClass().getSimpleName();
				this.failureSamples.putIfAbsent(failure, String.valueOf(ex.getMessage()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			// outcome unknown: it may or may not have been applied
			this.unknownSum.get(account).add(amount);
			// a call sent just before an event and cut off by it counts for the event
			Phase counted = (during != Phase.STEADY) ? during : this.phase;
			this.failureKinds.computeIfAbsent(counted + " " + failure, (kind) -> new LongAdder()).increment();
			(switch (counted) {
				case TERM -> this.failedDuringTerm;
				case KILL -> this.failedDuringKill;
				case STEADY -> this.failedOtherwise;
			}).incrementAndGet();
		}
	}

	private void awaitAcknowledged(int more, List<Future<?>> clients) throws InterruptedException {
		long target = this.acknowledged.get() + more;
		long deadline = System.nanoTime() + HANG_GUARD.toNanos();
		while (this.acknowledged.get() < target) {
			if (clients.stream().allMatch(Future::isDone)) {
				throw new AssertionError("Every client ended with " + this.acknowledged.get() + " deposits");
			}
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Only " + this.acknowledged.get() + " of " + target
						+ " deposits acknowledged in " + HANG_GUARD + "; failures " + this.failureKinds);
			}
			Thread.sleep(20); // polls a count: how long it takes does not matter
		}
	}

	private void awaitFirstDepositAfterKill(List<Future<?>> clients) throws InterruptedException {
		long deadline = System.nanoTime() + HANG_GUARD.toNanos();
		while (this.firstDepositAfterKill.get() == Long.MAX_VALUE) {
			if (clients.stream().allMatch(Future::isDone)) {
				throw new AssertionError("Every client ended before a deposit after the kill");
			}
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("No deposit to an account of the killed instance was acknowledged within "
						+ HANG_GUARD + "; failures " + this.failureKinds);
			}
			Thread.sleep(5);
		}
	}

	/** Wait until every instance that is running sees three members. */
	private void awaitClusterOfThree() throws InterruptedException {
		long deadline = System.nanoTime() + HANG_GUARD.toNanos();
		for (Instance instance : this.instances) {
			for (int seen = -1; seen != INSTANCES;) {
				if (System.nanoTime() - deadline > 0) {
					throw new AssertionError("Instance " + instance.index + " saw " + seen + " members, not "
							+ INSTANCES + ", after " + HANG_GUARD);
				}
				try {
					seen = get(instance, "/actuator/actors").path("cluster").path("members").size();
				}
				catch (IOException | AssertionError ex) {
					seen = -1;
				}
				if (seen != INSTANCES) {
					Thread.sleep(100);
				}
			}
		}
	}

	/**
	 * Each account's owner (a member id), as the first instance's partition table says.
	 */
	private Map<String, String> owners() throws IOException, InterruptedException {
		Map<String, String> owners = new HashMap<>();
		for (String account : ACCOUNTS) {
			owners.put(account,
					get(this.instances[2], "/actuator/actors/account/" + account).path("placement")
						.path("owner")
						.asString());
		}
		return owners;
	}

	private String localMember(Instance instance) throws IOException, InterruptedException {
		return get(instance, "/actuator/actors").path("cluster").path("localMember").asString();
	}

	private boolean isActiveOn(Instance instance, String account) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(instance.base.resolve("/actuator/actors/account/" + account))
				.timeout(CALL_TIMEOUT)
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() == 404) {
			return false;
		}
		assertThat(response.statusCode()).as("actuator detail of %s: %s", account, response.body()).isEqualTo(200);
		return "ACTIVE".equals(this.json.readTree(response.body()).path("status").asString());
	}

	private JsonNode get(Instance instance, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(instance.base.resolve(path)).timeout(CALL_TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s on instance %d: %s", path, instance.index, response.body())
			.isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private void open(String account) throws IOException, InterruptedException {
		HttpResponse<String> opened = this.http
			.send(HttpRequest.newBuilder(this.instances[0].base.resolve("/accounts/" + account))
				.POST(HttpRequest.BodyPublishers.noBody())
				.timeout(CALL_TIMEOUT)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(opened.statusCode()).as("opening %s: %s", account, opened.body()).isEqualTo(201);
	}

	private long balance(Instance instance, String account) throws IOException, InterruptedException {
		return get(instance, "/accounts/" + account).path("balance").asLong();
	}

	private static int[] freePorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0));
			}
			return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	private static String requiredProperty(String name) {
		String value = System.getProperty(name);
		assertThat(value).as("system property %s, set by the build", name).isNotNull();
		return value;
	}

	private enum Phase {

		STEADY, TERM, KILL

	}

	/**
	 * The SIGKILL whose fail-over is measured.
	 *
	 * @param accounts the accounts the killed instance owned
	 * @param killedAt when it was killed ({@link System#nanoTime()})
	 */
	private record Failover(List<String> accounts, long killedAt) {
	}

	/** One of the three instances: its ports and arguments, and its current process. */
	private static final class Instance {

		final int index;

		final URI base;

		final List<String> args;

		volatile boolean up;

		@Nullable ApplicationProcess process;

		int starts;

		Instance(int index, int serverPort, List<String> args) {
			this.index = index;
			this.base = URI.create("http://127.0.0.1:" + serverPort);
			this.args = args;
		}

		void start(Path jar, Path logs) throws IOException {
			this.process = ApplicationProcess.start(jar,
					logs.resolve("cluster-processes-app-" + this.index + "-" + this.starts++ + ".log"), this.args);
		}

		void awaitStarted() throws InterruptedException {
			this.process.awaitLine(STARTED, HANG_GUARD);
			this.up = true;
		}

	}

}
