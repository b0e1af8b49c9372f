package dev.actorregistry.benchmarks.cluster;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call to an actor that lives on another member, through the registry's typed interface
 * over Hazelcast ({@link HazelcastMembers}) and as an ask through Pekko Cluster Sharding
 * ({@link PekkoNodes}), each with two members on 127.0.0.1 in this JVM; beside each, the
 * same call made on the member where the actor lives, so that the routing's cost shows.
 * Measured one call at a time (the caller waiting for each answer) and with many calls in
 * flight from one caller thread, spread over 64 actors.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
// The access Hazelcast asks for on JDK 9+, as the cluster module's tests give it.
@Fork(value = 1,
		jvmArgsAppend = { "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
				"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
				"--add-opens", "java.management/sun.management=ALL-UNNAMED", "--add-opens",
				"jdk.management/com.sun.management.internal=ALL-UNNAMED" })
public class RoutedCallBenchmark {

	/** The calls of one invocation of an in-flight benchmark. */
	static final int CALLS = 1024;

	/** How many calls the caller keeps unanswered. */
	@State(Scope.Benchmark)
	public static class InFlight {

		@Param({ "64", "256" })
		public int inFlight;

	}

	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public long registryRoutedCall(HazelcastMembers members) {
		return members.routed[0].add(1);
	}

	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public long registryLocalCall(HazelcastMembers members) {
		return members.local[0].add(1);
	}

	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public long pekkoRoutedAsk(PekkoNodes nodes) {
		return PekkoNodes.add(nodes.routed.get(0)).toCompletableFuture().join();
	}

	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public long pekkoLocalAsk(PekkoNodes nodes) {
		return PekkoNodes.add(nodes.local.get(0)).toCompletableFuture().join();
	}

	/**
	 * The transport's share of {@link #registryRoutedCall}: the same bytes to member B
	 * and back through Hazelcast's executor, answered there without the registry.
	 * @param members the members
	 * @return the answer
	 */
	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public byte[] hazelcastExecutorCall(HazelcastMembers members) {
		return members.echo().toCompletableFuture().join();
	}

	/**
	 * The transport's share of {@link #pekkoRoutedAsk}: the same ask to an actor on node
	 * B by Artery, without sharding.
	 * @param nodes the nodes
	 * @return the answer
	 */
	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public long arteryAsk(PekkoNodes nodes) {
		return nodes.addDirect().toCompletableFuture().join();
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(CALLS)
	public void hazelcastExecutorInFlight(HazelcastMembers members, InFlight load) throws InterruptedException {
		Window.run(CALLS, load.inFlight, (i) -> members.echo());
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(CALLS)
	public void arteryInFlight(PekkoNodes nodes, InFlight load) throws InterruptedException {
		Window.run(CALLS, load.inFlight, (i) -> nodes.addDirect());
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(CALLS)
	public void registryRoutedInFlight(HazelcastMembers members, InFlight load) throws InterruptedException {
		inFlight(members.routed, load);
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(CALLS)
	public void registryLocalInFlight(HazelcastMembers members, InFlight load) throws InterruptedException {
		inFlight(members.local, load);
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(CALLS)
	public void pekkoRoutedInFlight(PekkoNodes nodes, InFlight load) throws InterruptedException {
		inFlight(nodes.routed, load);
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(CALLS)
	public void pekkoLocalInFlight(PekkoNodes nodes, InFlight load) throws InterruptedException {
		inFlight(nodes.local, load);
	}

	private static void inFlight(Adding[] adders, InFlight load) throws InterruptedException {
		Window.run(CALLS, load.inFlight, (i) -> adders[i % adders.length].addAsync(1));
	}

	private static void inFlight(List<EntityRef<PekkoAdder.Add>> adders, InFlight load) throws InterruptedException {
		Window.run(CALLS, load.inFlight, (i) -> PekkoNodes.add(adders.get(i % adders.size())));
	}

}
