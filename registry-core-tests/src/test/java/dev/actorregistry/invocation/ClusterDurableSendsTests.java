package dev.actorregistry.invocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.cluster.ClusterInvocationRouter;
import dev.actorregistry.invocation.DurableSendsTests.Bank;
import dev.actorregistry.invocation.DurableSendsTests.Teller;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.test.InProcessCluster;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.SerializingInvocationCodec;

import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable sends between the members of a cluster, in one process: a send whose receiver
 * another member owns is carried there and applied once, a refusal comes back to the
 * sender's member, and transfers in a cycle between accounts spread over three members
 * conserve money.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterDurableSendsTests {

	private static final String[] MEMBERS = { "m1", "m2", "m3" };

	private final InProcessCluster cluster = new InProcessCluster(MEMBERS);

	/** The database every member shares. */
	private final InMemoryStateStore store = new InMemoryStateStore();

	private final Map<String, ActorRegistry<String, Teller>> members = new LinkedHashMap<>();

	private final List<ClusterInvocationRouter> routers = new ArrayList<>();

	@AfterEach
	void close() {
		this.members.values().forEach(ActorRegistry::close);
		this.routers.forEach(ClusterInvocationRouter::close);
	}

	@Test
	void aSendToAnotherMembersActorIsCarriedThereAndAppliedOnce() {
		startMembers();
		String from = keyOwnedBy("m1", "from");
		String to = keyOwnedBy("m2", "to");
		Bank sender = bank("m3", from);
		sender.deposit(100);
		assertThat(sender.transfer(to, 30)).isEqualTo(70);
		eventually().until(() -> bank("m1", to).balance(), (balance) -> balance == 30);
		eventually().until(() -> this.store.outbox("tellers", 10).isEmpty());
		assertThat(this.members.get("m2").lookup(to)).isPresent();
		assertThat(this.members.get("m1").lookup(to)).isEmpty();
		assertThat(this.members.get("m3").lookup(to)).isEmpty();
	}

	@Test
	void aRefusalComesBackToTheSendersMember() {
		startMembers();
		String from = keyOwnedBy("m1", "from");
		String to = keyOwnedBy("m3", "to");
		Bank sender = bank("m2", from);
		sender.deposit(1_000);
		sender.transfer(to, DurableSendsTests.REFUSED_AMOUNT);
		eventually().until(sender::balance, (balance) -> balance == 1_000);
		assertThat(bank("m1", to).balance()).isZero();
		eventually().until(() -> this.store.outbox("tellers", 10).isEmpty());
	}

	@Test
	void transfersInACycleAcrossMembersConserveMoney() throws Exception {
		startMembers();
		List<String> accounts = List.of(keyOwnedBy("m1", "a"), keyOwnedBy("m2", "b"), keyOwnedBy("m3", "c"),
				keyOwnedBy("m1", "d"));
		for (String account : accounts) {
			bank("m2", account).deposit(1_000);
		}
		ExecutorService clients = Executors.newFixedThreadPool(6);
		List<Future<?>> runs = new ArrayList<>();
		for (int client = 0; client < 6; client++) {
			int first = client;
			String member = MEMBERS[client % MEMBERS.length];
			runs.add(clients.submit(() -> {
				for (int i = 0; i < 100; i++) {
					String from = accounts.get((first + i) % accounts.size());
					String to = accounts.get((first + i + 1) % accounts.size());
					try {
						bank(member, from).transfer(to, 1 + (i % 5));
					}
					catch (RuntimeException ex) {
						// short of funds: nothing was sent
					}
				}
			}));
		}
		for (Future<?> run : runs) {
			run.get(1, TimeUnit.MINUTES);
		}
		clients.shutdown();
		eventually().until(() -> this.store.outbox("tellers", 10_000).isEmpty());
		long total = 0;
		for (String account : accounts) {
			total += bank("m3", account).balance();
		}
		assertThat(total).isEqualTo(4_000);
	}

	private void startMembers() {
		for (String member : MEMBERS) {
			ClusterInvocationRouter router = new ClusterInvocationRouter(this.cluster.member(member),
					Duration.ofSeconds(30));
			this.routers.add(router);
			Map<String, ActorClient<String, Bank>> clients = new ConcurrentHashMap<>();
			ActorRegistry<String, Teller> registry = ActorRegistry
				.<String, Teller>builder("tellers", String.class,
						(key, context) -> new Teller(context, "tellers", clients))
				.stateStore(this.store, new SerializingCodec())
				.writeThrough(true)
				.failurePolicy(FailurePolicy.RESUME)
				.durableSends(new SerializingInvocationCodec(), router)
				.cluster(this.cluster.member(member), new SerializingInvocationCodec())
				.askTimeout(Duration.ofMinutes(1))
				.build();
			clients.put("tellers", registry.client(Bank.class));
			this.members.put(member, registry);
		}
	}

	private Bank bank(String member, String key) {
		return this.members.get(member).client(Bank.class).get(key);
	}

	/** A key whose owner is the given member. */
	private String keyOwnedBy(String member, String prefix) {
		for (int i = 0;; i++) {
			String key = prefix + "-" + i;
			if (member.equals(this.cluster.ownerOf(key))) {
				return key;
			}
		}
	}

}
