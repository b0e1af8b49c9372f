package dev.actorregistry.benchmarks.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.cluster.hazelcast.HazelcastActorCluster;
import dev.actorregistry.cluster.hazelcast.HazelcastMemberSettings;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.spring.jackson.JacksonInvocationCodec;

/**
 * Two Hazelcast members on 127.0.0.1, each with a clustered registry of {@link Adder}s,
 * as two processes would have them: member A calls keys that member B owns
 * ({@link #routed}), and B calls the same keys, its own ({@link #local}). The arguments
 * and results travel as JSON through the codec the Spring Boot starter configures.
 */
@State(Scope.Benchmark)
public class HazelcastMembers {

	static final String REGISTRY = "adders";

	static final int KEYS = 64;

	private static final String ECHO = "echo";

	/** What {@code add(1)} carries and answers, as the JSON codec writes them. */
	private static final byte[] ECHO_ARGUMENTS = "[1]".getBytes(StandardCharsets.UTF_8);

	private static final byte[] ECHO_RESULT = "1".getBytes(StandardCharsets.UTF_8);

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private final List<HazelcastActorCluster> members = new ArrayList<>();

	private final List<ActorRegistry<String, Adder>> registries = new ArrayList<>();

	/** Proxies on member A of keys member B owns: every call is routed. */
	Adding[] routed;

	/** Proxies on member B of the same keys: every call is local. */
	Adding[] local;

	/**
	 * Member A's seam to the cluster, and member B's id: for calls carried by Hazelcast
	 * alone, to a stand-in for the registry that answers at once ({@link #echo}).
	 */
	HazelcastActorCluster memberA;

	String memberB;

	private final AtomicLong echoes = new AtomicLong();

	@Setup
	public void start() {
		List<String> addresses = LoopbackPorts.free(2).stream().map((port) -> "127.0.0.1:" + port).toList();
		String cluster = "routed-" + UUID.randomUUID();
		for (String address : addresses) {
			int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
			this.members.add(HazelcastActorCluster.start(settings(cluster, addresses, port)));
		}
		Deadline.await("cluster of two Hazelcast members with every partition owned",
				() -> this.members.stream()
					.map(HazelcastActorCluster::instance)
					.allMatch((member) -> member.getCluster().getMembers().size() == 2
							&& member.getPartitionService().isClusterSafe()));
		for (HazelcastActorCluster member : this.members) {
			this.registries
				.add(ActorRegistry.<String, Adder>builder(REGISTRY, String.class, (key, context) -> new Adder())
					.idleTimeout(Duration.ZERO)
					.cluster(member, new JacksonInvocationCodec(JsonMapper.builder().build()))
					.build());
		}
		this.memberA = this.members.get(0);
		this.memberB = this.members.get(1).localMember();
		this.members.get(1).serve(ECHO, (invocation) -> CompletableFuture.completedFuture(ECHO_RESULT.clone()));
		List<String> keys = keysOwnedBy(this.members.get(1));
		this.routed = keys.stream().map(this.registries.get(0).client(Adding.class)::get).toArray(Adding[]::new);
		this.local = keys.stream().map(this.registries.get(1).client(Adding.class)::get).toArray(Adding[]::new);
		for (Adding adder : this.routed) {
			adder.add(0);
		}
		for (String key : keys) {
			if (this.registries.get(0).lookup(key).isPresent() || this.registries.get(1).lookup(key).isEmpty()) {
				throw new IllegalStateException("Actor '" + key + "' does not live on member B alone");
			}
		}
	}

	/**
	 * Carry a call to member B by Hazelcast alone: the bytes a routed {@code add(1)}
	 * carries, answered by member B's executor thread without a registry, an actor or
	 * JSON.
	 * @return the answer
	 */
	CompletionStage<byte[]> echo() {
		Invocation invocation = new Invocation("echo-" + this.echoes.incrementAndGet(), ECHO, "adder-0",
				Adding.class.getName(), "add", ECHO_ARGUMENTS.clone());
		return this.memberA.call(this.memberB, invocation, CALL_TIMEOUT);
	}

	@TearDown
	public void stop() {
		this.registries.forEach(ActorRegistry::close);
		this.members.forEach(HazelcastActorCluster::close);
	}

	private static HazelcastMemberSettings settings(String cluster, List<String> members, int port) {
		HazelcastMemberSettings defaults = HazelcastMemberSettings.defaults();
		// Hazelcast's own logging off: JMH's output stays readable.
		return new HazelcastMemberSettings(cluster, members, null, port, 1, "127.0.0.1", defaults.heartbeatInterval(),
				defaults.heartbeatTimeout(), defaults.leaveTimeout(), defaults.executorPoolSize(), "none",
				defaults.minimumClusterSize());
	}

	private List<String> keysOwnedBy(HazelcastActorCluster owner) {
		List<String> keys = new ArrayList<>();
		for (int i = 0; keys.size() < KEYS; i++) {
			String key = "adder-" + i;
			if (Objects.equals(this.members.get(0).placementOf(REGISTRY, key).owner(), owner.localMember())) {
				keys.add(key);
			}
		}
		return keys;
	}

}
