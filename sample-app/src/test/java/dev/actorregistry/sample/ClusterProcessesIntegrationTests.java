package dev.actorregistry.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * PostgreSQL database, under a load of concurrent deposits and transfers spread over all
 * three: a rolling restart (each instance in turn stopped with SIGTERM, started again and
 * waited for until it is back in the cluster of three), then a SIGKILL of the instance
 * that owns the most accounts, started again too.
 * <p>
 * Before each SIGTERM the clients stop choosing that instance and the test waits until
 * none of their calls to it is in flight, as a load balancer takes an instance out of its
 * rotation and drains its connections before the instance is told to stop (a Kubernetes
 * endpoint removed, then a {@code preStop} delay): Tomcat's graceful shutdown closes a
 * kept-alive connection without reading a request that reaches it once it has begun, and
 * a client cannot tell that request from one that was processed. It is back in the
 * rotation once it has joined the cluster again. A SIGKILL comes without warning: that
 * instance stays in the rotation. A call moves to another instance only when it provably
 * did not take effect: its connection was refused (nothing was sent), or the answer was
 * the registry's 503 {@code registry-unavailable} problem, which says the request did not
 * take effect. Anything else that is not a definite answer is a failed call, counted for
 * the event under way; no call may fail during a SIGTERM and the restart that follows it,
 * calls the other instances forward to the stopping one included. A failed deposit may or
 * may not have been applied (outcome unknown).
 * <p>
 * Money enters only through deposits; a transfer moves it, its credit following by a
 * durable send (or refunded if refused). Once the load stops and no durable send is
 * pending, the sum of the balances, read alike from every instance, must be the sum of
 * the acknowledged deposits plus some of the outcome-unknown ones. No account may be live
 * on two instances. The fail-over time after the SIGKILL is printed, not asserted.
 * <p>
 * Runs the repackaged jar, so Maven Failsafe runs it after {@code package}.
 */
class ClusterProcessesIntegrationTests {

	private static final int INSTANCES = 3;

	private static final List<String> ACCOUNTS = IntStream.range(0, 6).mapToObj((i) -> "procs-" + i).toList();

	private static final int CLIENTS = 4;

	// A client's pause between two calls, short: the load is heaviest when a SIGTERM or
	// a SIGKILL comes.
	private static final Duration THINK_TIME = Duration.ofMillis(10);

	// ... and while an instance's JVM is starting. Each call costs the cluster tens of
	// milliseconds of CPU (a forwarded call, a save, a transfer's durable send): clients
	// that hardly paused would keep every core busy, and an instance restarting on one
	// core would take minutes to start. Only the load's pace, no outcome, depends on it.
	private static final Duration THINK_TIME_WHILE_STARTING = Duration.ofMillis(150);

	// The instances' JIT compiles with C1 only: no C2 compilations compete for the CPU
	// while an instance starts, which is what a restart on one busy core lacks; what the
	// instances do is the same.
	private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

	// deposits acknowledged between two events of the test: a count, so each event lands
	// in the middle of the load however slow the machine is
	private static final int DEPOSITS_BETWEEN_EVENTS = 40;

	// Every deadline of this test guards against a hang only.
	private static final Duration HANG_GUARD = Duration.ofMinutes(2);

	// a call: long enough for a call routed to a member that just died to be answered
	// (the member is declared dead after 10 s without a heartbeat)
	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in ");

	private static final String PROBLEM = "urn:actor-registry:problem:";

	// the registry's refusal that says the request did not take effect: safe to send
	// again
	private static final String REGISTRY_UNAVAILABLE = PROBLEM + "registry-unavailable";

	private static final String INSUFFICIENT_FUNDS = "urn:actor-registry-sample:problem:insufficient-funds";

	// failed calls of each kind whose answer is kept for the report
	private static final int SAMPLES_PER_KIND = 3;

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final Instance[] instances = new Instance[INSTANCES];

	private final AtomicBoolean stop = new AtomicBoolean();

	private final AtomicLong acknowledgedDeposits = new AtomicLong();

	private final AtomicLong acknowledgedSum = new AtomicLong();

	// the amounts of the deposits whose outcome is unknown
	private final Queue<Long> unknownDeposits = new ConcurrentLinkedQueue<>();

	private final AtomicLong transfersAccepted = new AtomicLong();

	private final AtomicLong transfersRefused = new AtomicLong();

	private final List<Event> events = new ArrayList<>();

	/** Whether an instance's JVM is starting: the clients pause longer. */
	private volatile boolean starting;

	/** The event the load is living through: calls are counted for it. */
	private volatile Event event = new Event("before the first event", false);

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
	@Timeout(value = 8, unit = TimeUnit.MINUTES)
	void noCallFailsDuringARollingRestartAndMoneyIsConservedThroughAKillOfAnOwner() throws Exception {
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
		}
		this.events.add(this.event);

		this.pool = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			clients.add(this.pool.submit(this::callUntilStopped));
		}
		awaitAcknowledged(DEPOSITS_BETWEEN_EVENTS, clients);

		// (1) a rolling restart: each instance in turn stopped with SIGTERM, started
		// again
		// and back in the cluster of three, and some load after that, before the next
		List<Integer> termExits = new ArrayList<>();
		for (Instance restarted : this.instances) {
			begin("SIGTERM and restart of instance " + restarted.index, true);
			restarted.inRotation = false;
			restarted.awaitNoCallInFlight();
			restarted.process.terminate();
			termExits.add(restarted.process.awaitExit(HANG_GUARD));
			startUnderLoad(restarted, jar, logs);
			awaitClusterOfThree();
			restarted.inRotation = true;
			awaitAcknowledged(DEPOSITS_BETWEEN_EVENTS, clients);
		}

		// (2) a SIGKILL of the instance that owns the most accounts
		Map<String, String> owners = owners();
		Instance killed = this.instances[0];
		List<String> ownedByKilled = List.of();
		for (Instance candidate : this.instances) {
			String member = localMember(candidate);
			List<String> owned = ACCOUNTS.stream().filter((account) -> member.equals(owners.get(account))).toList();
			if (owned.size() > ownedByKilled.size()) {
				killed = candidate;
				ownedByKilled = owned;
			}
		}
		assertThat(ownedByKilled).as("accounts owned by the instance to kill; owners %s", owners).isNotEmpty();
		begin("SIGKILL and restart of instance " + killed.index, false);
		long killedAt = System.nanoTime();
		this.failover = new Failover(ownedByKilled, killedAt);
		int killExit = killed.process.kill(HANG_GUARD);
		killed.process.close();
		awaitFirstDepositAfterKill(clients);
		double failoverSeconds = (this.firstDepositAfterKill.get() - killedAt) / 1e9;
		startUnderLoad(killed, jar, logs);
		awaitClusterOfThree();
		awaitAcknowledged(DEPOSITS_BETWEEN_EVENTS, clients);

		begin("after the last event", false);
		awaitAcknowledged(DEPOSITS_BETWEEN_EVENTS, clients);
		this.stop.set(true);
		for (Future<?> client : clients) {
			client.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
		}
		PendingSends.awaitNone(this.postgres.getPostgresDatabase(), HANG_GUARD,
				() -> "see the instances' logs in target/");
		awaitClusterOfThree();

		Map<Integer, Map<String, Long>> balances = new LinkedHashMap<>();
		for (Instance instance : this.instances) {
			Map<String, Long> read = new LinkedHashMap<>();
			for (String account : ACCOUNTS) {
				read.put(account, balance(instance, account));
			}
			balances.put(instance.index, read);
		}
		long total = balances.get(0).values().stream().mapToLong(Long::longValue).sum();
		List<Long> unknown = List.copyOf(this.unknownDeposits);
		System.out.printf("Cluster processes test: %d deposits acknowledged (sum %d), %d of unknown outcome "
				+ "(sum %d); %d transfers accepted, %d refused for want of funds; sum of the balances %d; "
				+ "fail-over after the SIGKILL (to the first deposit acknowledged for one of the %d accounts the "
				+ "killed instance owned): %.2f s; in %d s.%n%s%n", this.acknowledgedDeposits.get(),
				this.acknowledgedSum.get(), unknown.size(), unknown.stream().mapToLong(Long::longValue).sum(),
				this.transfersAccepted.get(), this.transfersRefused.get(), total, ownedByKilled.size(), failoverSeconds,
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began), report());

		// the sample exits with Spring Boot's exit code, 0, after a clean close on
		// SIGTERM
		assertThat(termExits).as("exit codes after SIGTERM: clean shutdowns").containsOnly(0);
		assertThat(killExit).as("exit code after SIGKILL").isEqualTo(137);
		for (Event restart : this.events) {
			if (restart.rolling) {
				assertThat(restart.failed.sum()).as("calls failed during the %s:%n%s", restart.name, restart.report())
					.isZero();
			}
		}
		assertThat(this.transfersAccepted.get()).as("transfers accepted: the sum is tested with money moving")
			.isPositive();
		assertThat(balances.values()).as("every account's balance, read from each instance")
			.containsOnly(balances.get(0));
		assertThat(balances.get(0).values()).as("balances").allMatch((balance) -> balance >= 0);
		long low = this.acknowledgedSum.get();
		assertThat(total - low)
			.as("sum of the balances %d less the sum of the acknowledged deposits %d: a sum of some of the %d "
					+ "deposits of unknown outcome %s", total, low, unknown.size(), unknown)
			.matches((extra) -> isSumOfSome(extra, unknown));
		for (String account : ACCOUNTS) {
			long live = 0;
			for (Instance instance : this.instances) {
				if (isActiveOn(instance, account)) {
					live++;
				}
			}
			assertThat(live).as("instances on which %s is live", account).isLessThanOrEqualTo(1);
		}
	}

	/** Start an instance again, with the load lighter until it has started. */
	private void startUnderLoad(Instance instance, Path jar, Path logs) throws IOException, InterruptedException {
		this.starting = true;
		try {
			instance.start(jar, logs);
			instance.awaitStarted();
		}
		finally {
			this.starting = false;
		}
	}

	/** From now on, calls are counted for a new event. */
	private void begin(String name, boolean rolling) {
		Event next = new Event(name, rolling);
		this.events.add(next);
		this.event = next;
	}

	private String report() {
		return this.events.stream().map(Event::report).collect(Collectors.joining("\n"));
	}

	/**
	 * One client: deposits of known amounts to random accounts, and transfers between two
	 * random accounts, through random instances, until told to stop.
	 */
	private void callUntilStopped() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (!this.stop.get()) {
			try {
				Thread.sleep((this.starting ? THINK_TIME_WHILE_STARTING : THINK_TIME).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			String account = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
			long amount = random.nextLong(1, 100);
			boolean deposit = random.nextBoolean();
			Call call;
			if (deposit) {
				call = new Call("/accounts/" + account + "/deposits", "{\"amount\": " + amount + "}");
			}
			else {
				String to = ACCOUNTS
					.get((ACCOUNTS.indexOf(account) + random.nextInt(1, ACCOUNTS.size())) % ACCOUNTS.size());
				call = new Call("/transfers", "{\"id\": \"" + UUID.randomUUID() + "\", \"from\": \"" + account
						+ "\", \"to\": \"" + to + "\", \"amount\": " + amount + "}");
			}
			long sentAt = System.nanoTime();
			Sent sent;
			try {
				sent = sendToAnyInstance(call);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			Event current = this.event;
			HttpResponse<String> response = sent.response();
			if (response != null) {
				if (deposit && response.statusCode() == 200) {
					this.acknowledgedDeposits.incrementAndGet();
					this.acknowledgedSum.addAndGet(amount);
					current.answered.increment();
					Failover kill = this.failover;
					if (kill != null && sentAt - kill.killedAt() > 0 && kill.accounts().contains(account)) {
						this.firstDepositAfterKill.accumulateAndGet(System.nanoTime(), Math::min);
					}
					continue;
				}
				if (!deposit && response.statusCode() == 202) {
					this.transfersAccepted.incrementAndGet();
					current.answered.increment();
					continue;
				}
				if (!deposit && response.statusCode() == 409 && INSUFFICIENT_FUNDS.equals(problemType(response))) {
					this.transfersRefused.incrementAndGet();
					current.answered.increment();
					continue;
				}
			}
			if (deposit && !sent.notTaken()) {
				// it may or may not have been applied
				this.unknownDeposits.add(amount);
			}
			current.failed(sent.kind(), sent.describe(call));
		}
	}

	/**
	 * Send a call to a random instance in the rotation, and to another as long as the
	 * answer proves the call did not take effect.
	 */
	private Sent sendToAnyInstance(Call call) throws InterruptedException {
		long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
		Instance target = claim(null);
		for (int tried = 1;; tried++) {
			String notTaken;
			try {
				HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(target.base.resolve(call.path()))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(call.body()))
					.timeout(CALL_TIMEOUT)
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 503 || !REGISTRY_UNAVAILABLE.equals(problemType(response))) {
					return new Sent(target, response, null, false);
				}
				notTaken = "503 registry-unavailable";
			}
			catch (ConnectException | HttpConnectTimeoutException ex) {
				// no connection, so nothing was sent
				notTaken = "connection refused";
			}
			catch (IOException ex) {
				return new Sent(target, null, ex, false);
			}
			finally {
				target.inFlight.decrementAndGet();
			}
			this.event.moved(notTaken + " by instance " + target.index);
			if (System.nanoTime() - deadline > 0) {
				return new Sent(target, null, new IOException("no instance took the call in " + CALL_TIMEOUT), true);
			}
			if (tried % INSTANCES == 0) {
				// each instance refused once: give one the time to come back
				Thread.sleep(50);
			}
			target = claim(target);
		}
	}

	/**
	 * A random instance in the rotation to send a call to, other than the one just tried
	 * if there is one, with the call counted in flight on it.
	 */
	private Instance claim(@Nullable Instance tried) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (;;) {
			List<Instance> rotation = Arrays.stream(this.instances).filter((instance) -> instance.inRotation).toList();
			List<Instance> others = rotation.stream().filter((instance) -> instance != tried).toList();
			List<Instance> candidates = !others.isEmpty() ? others
					: !rotation.isEmpty() ? rotation : List.of(this.instances);
			Instance chosen = candidates.get(random.nextInt(candidates.size()));
			chosen.inFlight.incrementAndGet();
			// counted, then checked again: either the test sees this call in flight
			// before
			// a SIGTERM, or this client sees the instance out of the rotation
			if (chosen.inRotation || rotation.isEmpty()) {
				return chosen;
			}
			chosen.inFlight.decrementAndGet();
		}
	}

	private @Nullable String problemType(HttpResponse<String> response) {
		if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
			return null;
		}
		try {
			return this.json.readTree(response.body()).path("type").asString(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private void awaitAcknowledged(int more, List<Future<?>> clients) throws InterruptedException {
		long target = this.acknowledgedDeposits.get() + more;
		long deadline = System.nanoTime() + HANG_GUARD.toNanos();
		while (this.acknowledgedDeposits.get() < target) {
			if (clients.stream().allMatch(Future::isDone)) {
				throw new AssertionError("Every client ended with " + this.acknowledgedDeposits.get() + " deposits");
			}
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Only " + this.acknowledgedDeposits.get() + " of " + target
						+ " deposits acknowledged in " + HANG_GUARD + ":\n" + report());
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
						+ HANG_GUARD + ":\n" + report());
			}
			Thread.sleep(5);
		}
	}

	/**
	 * Whether some of the amounts (each used once at most) add up to the sum: each
	 * deposit of unknown outcome was applied once or not at all.
	 */
	static boolean isSumOfSome(long sum, List<Long> amounts) {
		if (sum < 0) {
			return false;
		}
		long most = amounts.stream().mapToLong(Long::longValue).sum();
		if (sum > most) {
			return false;
		}
		BitSet reachable = new BitSet((int) most + 1);
		reachable.set(0);
		for (long amount : amounts) {
			for (int from = (int) (most - amount); from >= 0; from--) {
				if (reachable.get(from)) {
					reachable.set(from + (int) amount);
				}
			}
		}
		return reachable.get((int) sum);
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
					get(this.instances[0], "/actuator/actors/account/" + account).path("placement")
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

	/** An event of the test, and what became of the calls while it was under way. */
	private static final class Event {

		final String name;

		// a SIGTERM and the restart that follows: no call may fail
		final boolean rolling;

		final LongAdder answered = new LongAdder();

		final LongAdder failed = new LongAdder();

		final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

		final Map<String, LongAdder> moves = new ConcurrentHashMap<>();

		// the first answers of each kind of failure, for a person to judge
		final Map<String, Queue<String>> samples = new ConcurrentHashMap<>();

		Event(String name, boolean rolling) {
			this.name = name;
			this.rolling = rolling;
		}

		void moved(String why) {
			this.moves.computeIfAbsent(why, (key) -> new LongAdder()).increment();
		}

		void failed(String kind, String sample) {
			this.failed.increment();
			this.failures.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
			Queue<String> kept = this.samples.computeIfAbsent(kind, (key) -> new ConcurrentLinkedQueue<>());
			if (kept.size() < SAMPLES_PER_KIND) {
				kept.add(sample);
			}
		}

		String report() {
			return this.name + ": " + this.answered + " calls answered, " + this.failed + " failed " + this.failures
					+ ", moved to another instance " + this.moves
					+ (this.samples.isEmpty() ? "" : "; first failures: " + this.samples);
		}

	}

	/**
	 * A POST of a deposit or a transfer.
	 *
	 * @param path its path
	 * @param body its JSON body
	 */
	private record Call(String path, String body) {
	}

	/**
	 * Where a call went, and its answer or failure.
	 *
	 * @param target the instance it was sent to last
	 * @param response its answer, if any
	 * @param failure why there is no answer
	 * @param notTaken whether no instance took it, so it did not take effect
	 */
	private record Sent(Instance target, @Nullable HttpResponse<String> response, @Nullable IOException failure,
			boolean notTaken) {

		String kind() {
			if (this.response != null) {
				return "HTTP " + this.response.statusCode() + " from instance " + this.target.index;
			}
			return this.notTaken ? "not taken by any instance"
					: this.failure.getClass().getSimpleName() + " from instance " + this.target.index;
		}

		String describe(Call call) {
			return Instant.now() + " POST " + call.path() + " " + call.body() + " to instance " + this.target.index
					+ ": " + ((this.response != null) ? this.response.statusCode() + " " + this.response.body()
							: String.valueOf(this.failure));
		}

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

		@Nullable ApplicationProcess process;

		int starts;

		// whether the clients choose this instance: a load balancer's rotation
		volatile boolean inRotation = true;

		// calls sent to this instance and not answered yet
		final AtomicInteger inFlight = new AtomicInteger();

		Instance(int index, int serverPort, List<String> args) {
			this.index = index;
			this.base = URI.create("http://127.0.0.1:" + serverPort);
			this.args = args;
		}

		void start(Path jar, Path logs) throws IOException {
			this.process = ApplicationProcess.start(jar,
					logs.resolve("cluster-processes-app-" + this.index + "-" + this.starts++ + ".log"), JVM_OPTIONS,
					this.args);
		}

		void awaitStarted() throws InterruptedException {
			this.process.awaitLine(STARTED, HANG_GUARD);
		}

		/** Wait until no client's call to this instance is in flight. */
		void awaitNoCallInFlight() throws InterruptedException {
			long deadline = System.nanoTime() + HANG_GUARD.toNanos();
			while (this.inFlight.get() > 0) {
				if (System.nanoTime() - deadline > 0) {
					throw new AssertionError(this.inFlight.get() + " calls to instance " + this.index
							+ " still in flight after " + HANG_GUARD);
				}
				Thread.sleep(5);
			}
		}

	}

}
