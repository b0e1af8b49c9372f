package dev.actorregistry.benchmarks.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.cluster.hazelcast.HazelcastActorCluster;
import dev.actorregistry.cluster.hazelcast.HazelcastMemberSettings;
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

	private final List<HazelcastActorCluster> members = new ArrayList<>();

	private final List<ActorRegistry<String, Adder>> registries = new ArrayList<>();

	/** Proxies on member A of keys member B owns: every call is routed. */
	Adding[] routed;

	/** Proxies on member B of the same keys: every call is local. */
	Adding[] local;

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

	@TearDown
	public void stop() {
		this.registries.forEach(ActorRegistry::close);
		this.members.forEach(HazelcastActorCluster::close);
	}

	private static HazelcastMemberSettings settings(String cluster, List<String> members, int port) {
		HazelcastMemberSettings defaults = HazelcastMemberSettings.defaults();
		// Hazelcast's own logging off: JMH's output stays readable.
		return new HazelcastMemberSettings(cluster, members, port, 1, "127.0.0.1", defaults.heartbeatInterval(),
				defaults.heartbeatTimeout(), defaults.executorPoolSize(), "none");
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
