package dev.actorregistry.autoconfigure.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.Topics;
import dev.actorregistry.cluster.ActorElsewhereException;
import dev.actorregistry.cluster.ClusterInvocationRouter;
import dev.actorregistry.cluster.hazelcast.HazelcastActorCluster;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.InvocationRouter;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of one application in this JVM, each its own Spring context with a web
 * server and an embedded Hazelcast member on the loopback interface, all on one H2
 * database: with stable membership each key lives on one member, calls from every
 * instance reach it, and no update is refused or lost.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClusterModeIntegrationTests {

	private static final String[] MEMBERS = { "m1", "m2", "m3" };

	private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	/** Hazelcast member id to the instance's {@code test.member}. */
	private static final Map<String, String> memberNames = new HashMap<>();

	private static final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startThreeInstances() throws IOException {
		List<Integer> ports = LoopbackCluster.freePorts(MEMBERS.length);
		String members = ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		String database = "jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT="
				+ Waits.TIMEOUT.toMillis();
		String clusterName = "test-" + UUID.randomUUID();
		long started = System.nanoTime();
		// one after the other: each joins the members already up, so one cluster forms
		// (started at once, two could each form their own and only merge minutes later)
		for (int i = 0; i < MEMBERS.length; i++) {
			contexts
				.add(new SpringApplicationBuilder(ClusterTestApplication.class)
					.properties("server.port=0", "spring.main.banner-mode=off", "spring.datasource.url=" + database,
							"spring.jpa.hibernate.ddl-auto=none", "actors.persistence.write-through=true",
							"actors.cluster.enabled=true", "actors.cluster.name=" + clusterName,
							"actors.cluster.members=" + members, "actors.cluster.port=" + ports.get(i),
							"actors.cluster.port-auto-increment=false", "actors.cluster.interface=127.0.0.1",
							"test.member=" + MEMBERS[i], "management.endpoints.web.exposure.include=actors,health",
							"management.endpoint.actors.show-keys=always",
							"management.endpoint.health.show-details=always", "logging.level.com.hazelcast=WARN")
					.run());
		}
		for (int i = 0; i < MEMBERS.length; i++) {
			memberNames.put(cluster(i).localMember(), MEMBERS[i]);
		}
		await().atMost(Waits.TIMEOUT).until(ClusterModeIntegrationTests::formed);
		System.out.printf("Cluster of %d Spring contexts formed and safe in %d ms%n", MEMBERS.length,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	private static boolean formed() {
		return LoopbackCluster
			.isFormed(IntStream.range(0, MEMBERS.length).mapToObj((i) -> cluster(i).instance()).toList());
	}

	@AfterAll
	static void closeInstances() {
		List<HazelcastInstance> instances = IntStream.range(0, contexts.size())
			.mapToObj((i) -> cluster(i).instance())
			.toList();
		for (int i = contexts.size() - 1; i >= 0; i--) {
			contexts.get(i).close();
		}
		// closed by the contexts, in their order, not left to a JVM shutdown hook
		assertThat(instances).noneMatch((instance) -> instance.getLifecycleService().isRunning());
	}

	@Test
	void durableSendsAreRoutedByTheCluster() {
		for (int i = 0; i < MEMBERS.length; i++) {
			assertThat(contexts.get(i).getBean(InvocationRouter.class)).isInstanceOf(ClusterInvocationRouter.class);
		}
	}

	@Test
	void concurrentCallsFromEveryInstanceReachOneActivationPerKeyAndNoneIsRefusedOrLost() throws Exception {
		int keys = 12;
		int threadsPerInstance = 4;
		int callsPerThread = 40;
		List<String> accounts = IntStream.range(0, keys).mapToObj((i) -> "deposits-" + i).toList();
		Map<String, Long> expected = new HashMap<>();
		ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
		ExecutorService callers = Executors.newFixedThreadPool(MEMBERS.length * threadsPerInstance);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> running = new ArrayList<>();
		long forwardedBefore = forwardedCalls("success");
		long sentElsewhere = 0;
		try {
			for (int i = 0; i < MEMBERS.length; i++) {
				ActorClient<String, ClusterTestApplication.Accounts> client = accounts(i);
				for (int t = 0; t < threadsPerInstance; t++) {
					int thread = i * threadsPerInstance + t;
					for (int c = 0; c < callsPerThread; c++) {
						String account = accounts.get((thread + c) % keys);
						expected.merge(account, 1L, Long::sum);
						sentElsewhere += ownerOf(account).equals(MEMBERS[i]) ? 0 : 1;
					}
					running.add(callers.submit(() -> {
						go.await();
						for (int c = 0; c < callsPerThread; c++) {
							try {
								client.get(accounts.get((thread + c) % keys)).deposit(1);
							}
							catch (RuntimeException ex) {
								failures.add(ex);
							}
						}
						return null;
					}));
				}
			}
			long started = System.nanoTime();
			go.countDown();
			for (Future<?> caller : running) {
				caller.get(Waits.WORK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			System.out.printf("%d deposits from %d threads over %d instances took %d ms%n",
					MEMBERS.length * threadsPerInstance * callsPerThread, MEMBERS.length * threadsPerInstance,
					MEMBERS.length, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(failures).isEmpty();
		assertThat(forwardedCalls("success") - forwardedBefore).as("calls carried to their keys' owners, metered")
			.isEqualTo(sentElsewhere);
		assertThat(expected.values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo((long) MEMBERS.length * threadsPerInstance * callsPerThread);
		for (String account : accounts) {
			for (int i = 0; i < MEMBERS.length; i++) {
				assertThat(accounts(i).get(account).balance()).as("balance of %s read from %s", account, MEMBERS[i])
					.isEqualTo(expected.get(account));
			}
			assertThat(ClusterTestApplication.ACTIVATIONS.get(account)).as("members that started %s", account)
				.containsExactly(ownerOf(account));
		}
	}

	@Test
	void aMessagePublishedOnOneInstanceReachesTheSubscribedActorsOfEveryInstance() {
		Set<String> listeners = new HashSet<>();
		for (String member : MEMBERS) {
			String account = keyWhere(member::equals, "listener-");
			accounts(0).get(account).deposit(1);
			listeners.add(member + "/" + account);
		}
		String text = "announcement-" + UUID.randomUUID();
		contexts.get(1).getBean(Topics.class).publish("announcements", new ClusterTestApplication.Announcement(text));
		Waits.eventually()
			.untilAsserted(() -> assertThat(ClusterTestApplication.ANNOUNCED.getOrDefault(text, Set.of()))
				.containsAll(listeners));
	}

	@Test
	void aLambdaForAKeyOwnedElsewhereFailsAndStartsNoSecondActor() {
		String account = keyWhere((owner) -> !owner.equals("m1"), "lambda-");
		accounts(1).get(account).deposit(5);
		@SuppressWarnings("unchecked")
		ActorRegistry<String, ClusterTestApplication.AccountActor> onM1 = (ActorRegistry<String, ClusterTestApplication.AccountActor>) contexts
			.get(0)
			.getBean(ActorRegistries.class)
			.get("account");
		Throwable failure = catchThrowable(
				() -> onM1.ask(account, ClusterTestApplication.AccountActor::balance).join());
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		assertThat(cause).isInstanceOf(ActorElsewhereException.class)
			.hasMessageContaining("Registry 'account'")
			.hasMessageContaining(account);
		assertThat(ClusterTestApplication.ACTIVATIONS.get(account)).containsExactly(ownerOf(account));
		assertThat(accounts(0).get(account).balance()).isEqualTo(5);
	}

	@Test
	void aDurableSendBetweenActorsOnDifferentMembersIsAppliedOnce() {
		String from = keyWhere("m2"::equals, "payer-");
		String to = keyWhere("m3"::equals, "payee-");
		accounts(0).get(from).deposit(100);
		assertThat(accounts(0).get(from).transfer(to, 30)).isEqualTo(70);
		ActorRegistries onM2 = contexts.get(1).getBean(ActorRegistries.class);
		await().atMost(Waits.TIMEOUT).until(() -> onM2.pendingDurableSends("account", from).isEmpty());
		for (int i = 0; i < MEMBERS.length; i++) {
			assertThat(accounts(i).get(to).balance()).isEqualTo(30);
			assertThat(accounts(i).get(from).balance()).isEqualTo(70);
		}
		assertThat(ClusterTestApplication.ACTIVATIONS.get(from)).containsExactly("m2");
		assertThat(ClusterTestApplication.ACTIVATIONS.get(to)).containsExactly("m3");
	}

	@Test
	void theEndpointShowsTheClusterAndWhereAKeyLives() throws Exception {
		int owned = 0;
		for (int i = 0; i < MEMBERS.length; i++) {
			String json = get(i, "/actuator/actors");
			assertThat(JsonPath.<List<String>>read(json, "$.cluster.members[*].address")).hasSize(MEMBERS.length)
				.allMatch((address) -> address.startsWith("127.0.0.1:"));
			assertThat(JsonPath.<String>read(json, "$.cluster.localMember")).isEqualTo(cluster(i).localMember());
			assertThat(JsonPath.<Integer>read(json, "$.cluster.partitionCount")).isEqualTo(271);
			owned += JsonPath.<Integer>read(json, "$.cluster.partitionsOwnedHere");
		}
		assertThat(owned).as("partitions owned, summed over the members").isEqualTo(271);
		String account = keyWhere("m2"::equals, "shown-");
		accounts(0).get(account).deposit(1);
		for (int i = 0; i < MEMBERS.length; i++) {
			String json = get(i, "/actuator/actors/account/" + account);
			assertThat(JsonPath.<String>read(json, "$.placement.owner")).isEqualTo(cluster(1).localMember());
			assertThat(JsonPath.<Boolean>read(json, "$.placement.local")).isEqualTo(i == 1);
			assertThat(JsonPath.<Integer>read(json, "$.placement.partition"))
				.isEqualTo(cluster(i).instance().getPartitionService().getPartition(account).getPartitionId());
			assertThat(JsonPath.<String>read(json, "$.status")).isEqualTo((i == 1) ? "ACTIVE" : "STOPPED");
		}
		// each member tells the others how many actors it runs: every instance shows them
		// all
		for (int i = 0; i < MEMBERS.length; i++) {
			String json = get(i, "/actuator/actors");
			for (int m = 0; m < MEMBERS.length; m++) {
				String member = cluster(m).localMember();
				int live = contexts.get(m).getBean(ActorRegistries.class).get("account").size();
				assertThat(
						JsonPath.<List<Integer>>read(json, "$.cluster.members[?(@.id == '" + member + "')].liveActors"))
					.as("live actors of %s, read from %s", MEMBERS[m], MEMBERS[i])
					.containsExactly(live);
				assertThat(JsonPath.<List<Integer>>read(json,
						"$.cluster.members[?(@.id == '" + member + "')].handOffsInProgress"))
					.containsExactly(0);
			}
		}
	}

	@Test
	void healthReportsTheMembersEachInstanceSees() throws Exception {
		for (int i = 0; i < MEMBERS.length; i++) {
			String json = get(i, "/actuator/health/actors");
			assertThat(JsonPath.<String>read(json, "$.components.cluster.status")).isEqualTo("UP");
			assertThat(JsonPath.<Integer>read(json, "$.components.cluster.details.members")).isEqualTo(3);
		}
	}

	private static String keyWhere(Predicate<String> ownerName, String prefix) {
		for (int i = 0;; i++) {
			String key = prefix + i;
			if (ownerName.test(ownerOf(key))) {
				return key;
			}
		}
	}

	/**
	 * The calls every instance carried to another, by outcome, as its meters count them.
	 */
	private static long forwardedCalls(String outcome) {
		long count = 0;
		for (ConfigurableApplicationContext context : contexts) {
			Timer calls = context.getBean(MeterRegistry.class)
				.find("actors.cluster.calls")
				.tags("registry", "account", "outcome", outcome)
				.timer();
			count += (calls != null) ? calls.count() : 0;
		}
		return count;
	}

	private static String ownerOf(String key) {
		String owner = cluster(0).placementOf("account", key).owner();
		return memberNames.get(owner);
	}

	private static HazelcastActorCluster cluster(int instance) {
		return contexts.get(instance).getBean(HazelcastActorCluster.class);
	}

	@SuppressWarnings("unchecked")
	private static ActorClient<String, ClusterTestApplication.Accounts> accounts(int instance) {
		return contexts.get(instance).getBean("accountAccountsClient", ActorClient.class);
	}

	private static String get(int instance, String path) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) contexts.get(instance)).getWebServer().getPort();
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofMinutes(1))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s on %s", path, MEMBERS[instance]).isEqualTo(200);
		return response.body();
	}

}
