package dev.actorregistry.benchmarks.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.actorregistry.benchmarks.PekkoCounter;

/**
 * Two Pekko nodes on 127.0.0.1 (Artery over TCP) forming a cluster with Cluster Sharding
 * of {@link PekkoAdder}s. Only node B has the role that hosts the entities, so every
 * shard (and the shard coordinator) lives on B: node A reaches the entities through its
 * sharding proxy ({@link #routed}), node B through its own region ({@link #local}). The
 * message travels with {@link AddSerializer}; Java serialization stays off.
 */
@State(Scope.Benchmark)
public class PekkoNodes {

	static final EntityTypeKey<PekkoAdder.Add> ADDERS = EntityTypeKey.create(PekkoAdder.Add.class, "adders");

	static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

	private static final String HOST_ROLE = "adders";

	private ActorSystem<Void> nodeA;

	private ActorSystem<Void> nodeB;

	/** Entities asked from node A: every ask is routed to B. */
	List<EntityRef<PekkoAdder.Add>> routed;

	/** The same entities asked from node B, where they live. */
	List<EntityRef<PekkoAdder.Add>> local;

	/**
	 * An adder spawned on node B without sharding, as node A resolves its address: asks
	 * carried by Artery alone.
	 */
	ActorRef<PekkoAdder.Add> direct;

	@Setup
	public void start() throws Exception {
		List<Integer> ports = LoopbackPorts.free(2);
		String seed = "pekko://routed@127.0.0.1:" + ports.get(0);
		this.nodeA = node(ports.get(0), seed, "");
		this.nodeB = node(ports.get(1), seed, HOST_ROLE);
		Deadline.await("Pekko cluster of two nodes, both up", () -> bothUp(this.nodeA) && bothUp(this.nodeB));
		for (ActorSystem<Void> node : List.of(this.nodeA, this.nodeB)) {
			ClusterSharding.get(node).init(Entity.of(ADDERS, (context) -> PekkoAdder.create()).withRole(HOST_ROLE));
		}
		List<String> keys = IntStream.range(0, HazelcastMembers.KEYS).mapToObj((i) -> "adder-" + i).toList();
		this.routed = keys.stream().map((key) -> ClusterSharding.get(this.nodeA).entityRefFor(ADDERS, key)).toList();
		this.local = keys.stream().map((key) -> ClusterSharding.get(this.nodeB).entityRefFor(ADDERS, key)).toList();
		ActorRef<PekkoAdder.Add> onB = this.nodeB.systemActorOf(PekkoAdder.create(), "direct-adder", Props.empty());
		this.direct = ActorRefResolver.get(this.nodeA)
			.resolveActorRef(ActorRefResolver.get(this.nodeB).toSerializationFormat(onB));
		// the first asks wait for the coordinator and the shards to be allocated
		for (EntityRef<PekkoAdder.Add> adder : this.routed) {
			adder.<Long>ask((replyTo) -> new PekkoAdder.Add(0, replyTo), ASK_TIMEOUT)
				.toCompletableFuture()
				.get(1, TimeUnit.MINUTES);
		}
	}

	/**
	 * Ask an adder entity to add 1.
	 * @param adder the entity
	 * @return the total after
	 */
	static CompletionStage<Long> add(EntityRef<PekkoAdder.Add> adder) {
		return answered(adder.ask((replyTo) -> new PekkoAdder.Add(1, replyTo), ASK_TIMEOUT));
	}

	/**
	 * Ask the adder on node B from node A by Artery alone.
	 * @return the total after
	 */
	CompletionStage<Long> addDirect() {
		return answered(AskPattern.ask(this.direct, (replyTo) -> new PekkoAdder.Add(1, replyTo), ASK_TIMEOUT,
				this.nodeA.scheduler()));
	}

	/**
	 * An ask's answer on a plain future, completed on the thread that completes the ask.
	 * Pekko's Java API returns Scala's adapter of its future, which runs every dependent
	 * action (a {@code whenComplete} too) on the common pool: with one caller keeping
	 * asks in flight here, that extra hop cut Pekko's rate to about a fifth, and it is
	 * not Pekko's routing. {@code allOf} waits on the adapter without that hop.
	 */
	private static <T> CompletionStage<T> answered(CompletionStage<T> ask) {
		CompletableFuture<T> answer = ask.toCompletableFuture();
		return CompletableFuture.allOf(answer).thenApply((done) -> answer.join());
	}

	@TearDown
	public void stop() {
		PekkoCounter.terminate(this.nodeA);
		PekkoCounter.terminate(this.nodeB);
	}

	private static ActorSystem<Void> node(int port, String seed, String roles) {
		Config settings = ConfigFactory.parseString(String.join("\n", "pekko.actor.provider = cluster",
				"pekko.remote.artery.transport = tcp", "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"",
				"pekko.remote.artery.canonical.port = " + port, "pekko.cluster.seed-nodes = [\"" + seed + "\"]",
				"pekko.cluster.roles = [" + roles + "]", "pekko.cluster.jmx.enabled = off",
				// as the registry's actors (idle timeout zero), entities stay until the
				// end
				"pekko.cluster.sharding.passivation.strategy = none",
				"pekko.actor.serializers.adder = \"" + AddSerializer.class.getName() + "\"",
				"pekko.actor.serialization-bindings { \"" + PekkoAdder.Add.class.getName() + "\" = adder }"));
		return PekkoCounter.system(Behaviors.empty(), "routed", settings);
	}

	private static boolean bothUp(ActorSystem<Void> node) {
		return StreamSupport.stream(Cluster.get(node).state().getMembers().spliterator(), false)
			.filter((member) -> member.status() == MemberStatus.up())
			.count() == 2;
	}

}
