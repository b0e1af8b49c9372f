package dev.actorregistry.cluster.hazelcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.cluster.Placement;
import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.cluster.RemoteCallException.Kind;
import dev.actorregistry.cluster.RemoteCalls;
import dev.actorregistry.invocation.Invocation;

/**
 * The registry's cluster on a Hazelcast member: a key's actor lives on the owner of the
 * key's Hazelcast partition (every member computes it from its copy of the partition
 * table), and {@link #call} carries an invocation to a member on the executor
 * {@value #EXECUTOR_NAME}, where the {@link RemoteCalls} its registry serves run it.
 * Invocations and their outcomes travel as {@code IdentifiedDataSerializable} records;
 * nothing is Java-serialized.
 * <p>
 * <strong>A dedicated member is preferred</strong> ({@link #start}) over the
 * application's own {@code HazelcastInstance} ({@link #on}): the setting that keeps
 * Hazelcast from silently running an operation again after its member died
 * ({@code hazelcast.operation.fail.on.indeterminate.state}) holds for a whole instance
 * and would change what the application's own maps do; a graceful leave that hands the
 * actors' keys to the other members can only happen by shutting the instance down, which
 * the application's instance may not be yet; and the actors' failure detection (seconds,
 * not a minute) and executor sizing stay apart from the application's.
 * <p>
 * One instance hosts at most one {@code HazelcastActorCluster}: the receiving member
 * finds it in the instance's user context.
 */
public final class HazelcastActorCluster implements ActorCluster, AutoCloseable {

	private static final System.Logger logger = System.getLogger(HazelcastActorCluster.class.getName());

	/** How often a leaving member looks whether its calls have answered. */
	private static final Duration LEAVE_POLL = Duration.ofMillis(20);

	/** How long a leaving member waits for the last answers to be written. */
	private static final Duration ANSWER_GRACE = Duration.ofMillis(200);

	/** The name of the executor that runs routed invocations. */
	public static final String EXECUTOR_NAME = "actors";

	static final String USER_CONTEXT_KEY = HazelcastActorCluster.class.getName();

	private final HazelcastInstance instance;

	private final boolean ownsInstance;

	private final IExecutorService executor;

	private final ConcurrentMap<String, RemoteCalls> served = new ConcurrentHashMap<>();

	private final ScheduledThreadPoolExecutor deadlines;

	private volatile boolean closed;

	/** Routed calls running on this member now. */
	private final AtomicInteger callsRunning = new AtomicInteger();

	/** Told when the ownership of partitions may have changed. */
	private final List<Runnable> ownershipListeners = new CopyOnWriteArrayList<>();

	private final UUID membershipRegistration;

	private final UUID migrationRegistration;

	/** Below this many members, this one owns no key. */
	private final int minimumClusterSize;

	private HazelcastActorCluster(HazelcastInstance instance, boolean ownsInstance, int minimumClusterSize) {
		if (!instance.getConfig()
			.getSerializationConfig()
			.getDataSerializableFactories()
			.containsKey(ActorDataSerializableFactory.FACTORY_ID)) {
			throw new IllegalStateException("Hazelcast instance '" + instance.getName()
					+ "' cannot carry actors' calls: its configuration lacks their serialization. "
					+ "Apply HazelcastActorCluster.configure to its Config before creating it");
		}
		if (instance.getUserContext().putIfAbsent(USER_CONTEXT_KEY, this) != null) {
			throw new IllegalStateException("Hazelcast instance '" + instance.getName()
					+ "' hosts an actor cluster already. Close it first, or use a member of its own");
		}
		this.instance = instance;
		this.ownsInstance = ownsInstance;
		this.minimumClusterSize = minimumClusterSize;
		LeaveBarrier.attach(instance.getConfig(), this);
		this.executor = instance.getExecutorService(EXECUTOR_NAME);
		this.deadlines = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "actors-cluster-deadlines-" + instance.getName());
			thread.setDaemon(true);
			return thread;
		});
		// A call answered in time cancels its deadline: forget it at once, so that the
		// thread can end soon after close() rather than at the longest timeout.
		this.deadlines.setRemoveOnCancelPolicy(true);
		this.membershipRegistration = instance.getCluster().addMembershipListener(new MembershipListener() {

			@Override
			public void memberAdded(MembershipEvent event) {
				ownershipChanged();
			}

			@Override
			public void memberRemoved(MembershipEvent event) {
				ownershipChanged();
			}

		});
		this.migrationRegistration = instance.getPartitionService().addMigrationListener(new MigrationListener() {

			@Override
			public void migrationStarted(MigrationState state) {
			}

			@Override
			public void migrationFinished(MigrationState state) {
				ownershipChanged();
			}

			@Override
			public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
				if (event.getReplicaIndex() == 0) {
					// a primary moved: its old owner must let its actors go now
					ownershipChanged();
				}
			}

			@Override
			public void replicaMigrationFailed(ReplicaMigrationEvent event) {
			}

		});
	}

	@Override
	public void onOwnershipChange(Runnable listener) {
		this.ownershipListeners.add(Objects.requireNonNull(listener, "listener must not be null"));
	}

	/** On Hazelcast's event thread: each listener returns at once. */
	private void ownershipChanged() {
		if (this.closed) {
			return;
		}
		for (Runnable listener : this.ownershipListeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.log(System.Logger.Level.WARNING, "A listener of ownership changes failed", ex);
			}
		}
	}

	/**
	 * Prepare a member's configuration to carry actors' calls: registers this module's
	 * serialization and sizes the executor {@value #EXECUTOR_NAME}. Needed for an
	 * instance given to {@link #on}; {@link HazelcastMemberFactory} applies it itself.
	 * @param config the configuration, changed in place
	 * @param poolSize the threads that run routed invocations on the member
	 * @return the configuration
	 */
	public static Config configure(Config config, int poolSize) {
		config.getSerializationConfig()
			.addDataSerializableFactory(ActorDataSerializableFactory.FACTORY_ID, new ActorDataSerializableFactory());
		config.getExecutorConfig(EXECUTOR_NAME).setPoolSize(poolSize);
		LeaveBarrier.register(config);
		return config;
	}

	/**
	 * The actor cluster on an instance the application created and will shut down itself
	 * ({@link #close} leaves it running). Its configuration must have gone through
	 * {@link #configure}.
	 * @param instance the instance
	 * @return the cluster
	 */
	public static HazelcastActorCluster on(HazelcastInstance instance) {
		return on(instance, 1);
	}

	/**
	 * The actor cluster on an instance the application created, owning keys only while it
	 * sees at least {@code minimumClusterSize} members.
	 * @param instance the instance
	 * @param minimumClusterSize how many members this member must see to own keys (1: any
	 * number)
	 * @return the cluster
	 * @see HazelcastMemberSettings#minimumClusterSize()
	 */
	public static HazelcastActorCluster on(HazelcastInstance instance, int minimumClusterSize) {
		if (minimumClusterSize < 1) {
			throw new IllegalArgumentException("minimumClusterSize must be at least 1, not " + minimumClusterSize);
		}
		return new HazelcastActorCluster(instance, false, minimumClusterSize);
	}

	/**
	 * Start a dedicated member from settings and the actor cluster on it; {@link #close}
	 * shuts the member down.
	 * @param settings the member's settings
	 * @return the cluster
	 */
	public static HazelcastActorCluster start(HazelcastMemberSettings settings) {
		HazelcastInstance instance = HazelcastMemberFactory.start(settings);
		try {
			return new HazelcastActorCluster(instance, true, settings.minimumClusterSize());
		}
		catch (RuntimeException ex) {
			instance.shutdown();
			throw ex;
		}
	}

	/**
	 * The Hazelcast member this cluster runs on.
	 * @return the instance
	 */
	public HazelcastInstance instance() {
		return this.instance;
	}

	@Override
	public String localMember() {
		return this.instance.getCluster().getLocalMember().getUuid().toString();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * While this member sees fewer members than its minimum cluster size, no member owns
	 * any key here.
	 * @throws RemoteCallException of kind {@link Kind#NOT_RUN} when this member is shut
	 * down (or shutting down) and has no partition table to read
	 */
	@Override
	public Placement placementOf(String registry, String key) {
		Partition partition;
		try {
			partition = this.instance.getPartitionService().getPartition(key);
		}
		catch (HazelcastInstanceNotActiveException ex) {
			throw new RemoteCallException(registry, key, Kind.NOT_RUN, null,
					"this member has left the cluster, so it cannot tell which member owns the key",
					"Call a running instance of the application", ex);
		}
		Member owner = partition.getOwner();
		if (owner == null || (this.minimumClusterSize > 1 && currentMembers().size() < this.minimumClusterSize)) {
			// on the minority side of a partition, no member owns any key: the majority
			// serves them, and calls here wait for the cluster to be whole again
			return new Placement(partition.getPartitionId(), null, false);
		}
		return new Placement(partition.getPartitionId(), owner.getUuid().toString(), owner.localMember());
	}

	@Override
	public List<@Nullable String> partitionOwners() {
		Set<Partition> partitions;
		try {
			partitions = this.instance.getPartitionService().getPartitions();
		}
		catch (HazelcastInstanceNotActiveException ex) {
			return List.of();
		}
		List<@Nullable String> owners = new ArrayList<>(Collections.nCopies(partitions.size(), null));
		for (Partition partition : partitions) {
			Member owner = partition.getOwner();
			if (owner != null && partition.getPartitionId() < owners.size()) {
				owners.set(partition.getPartitionId(), owner.getUuid().toString());
			}
		}
		return owners;
	}

	@Override
	public Set<String> members() {
		Set<String> members = new HashSet<>();
		for (Member member : currentMembers()) {
			members.add(member.getUuid().toString());
		}
		return members;
	}

	/**
	 * The members this one sees: also while it leaves (Hazelcast's PASSIVE state, in
	 * which it still runs and sends calls), none once it has shut down.
	 */
	private Set<Member> currentMembers() {
		try {
			return this.instance.getCluster().getMembers();
		}
		catch (HazelcastInstanceNotActiveException ex) {
			return Set.of();
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The returned stage completes on one of Hazelcast's threads (or this cluster's
	 * deadline thread): dependent stages must not block.
	 */
	@Override
	public CompletionStage<byte[]> call(String member, Invocation invocation, Duration timeout) {
		if (this.closed) {
			return CompletableFuture.failedFuture(
					CallFailures.notRun(invocation, member, "the actor cluster on this member is closed", null));
		}
		if (timeout.isNegative() || timeout.isZero()) {
			return CompletableFuture
				.failedFuture(CallFailures.notRun(invocation, member, "its time was up before it was sent", null));
		}
		Member target = memberWithId(member);
		if (target == null) {
			return CompletableFuture
				.failedFuture(CallFailures.notRun(invocation, member, "no such member is in the cluster", null));
		}
		CompletableFuture<byte[]> answer = new CompletableFuture<>();
		try {
			this.executor.submitToMember(new InvocationTask(invocation, timeout), target,
					new ExecutionCallback<CallOutcome>() {

						@Override
						public void onResponse(CallOutcome outcome) {
							complete(answer, invocation, member, outcome);
						}

						@Override
						public void onFailure(Throwable failure) {
							answer.completeExceptionally(CallFailures.afterSending(invocation, member, failure));
						}

					});
		}
		catch (RuntimeException ex) {
			// Thrown before anything left this member: the local instance is shutting
			// down,
			// or the task could not be written.
			return CompletableFuture
				.failedFuture(CallFailures.notRun(invocation, member, "this member could not send it", ex));
		}
		try {
			ScheduledFuture<?> deadline = this.deadlines.schedule(
					() -> answer.completeExceptionally(
							CallFailures.outcomeUnknown(invocation, member, "no answer within " + timeout, null)),
					timeout.toMillis(), TimeUnit.MILLISECONDS);
			answer.whenComplete((result, failure) -> deadline.cancel(false));
		}
		catch (RejectedExecutionException ex) {
			// Closed while sending: the member bounds its wait by the same timeout and
			// answers, or the instance's shutdown fails the call.
		}
		return answer;
	}

	private static void complete(CompletableFuture<byte[]> answer, Invocation invocation, String member,
			CallOutcome outcome) {
		Kind failure = outcome.failure();
		byte[] result = outcome.result();
		if (failure == null && result != null) {
			answer.complete(result);
		}
		else {
			answer.completeExceptionally(CallFailures.fromMember(invocation, member,
					(failure != null) ? failure : Kind.OUTCOME_UNKNOWN, outcome.remoteType(), outcome.message()));
		}
	}

	private @Nullable Member memberWithId(String member) {
		UUID id;
		try {
			id = UUID.fromString(member);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		for (Member candidate : currentMembers()) {
			if (candidate.getUuid().equals(id)) {
				return candidate;
			}
		}
		return null;
	}

	@Override
	public void serve(String registry, RemoteCalls calls) {
		Objects.requireNonNull(calls, "calls must not be null");
		RemoteCalls earlier = this.served.putIfAbsent(registry, calls);
		if (earlier != null && earlier != calls) {
			throw new IllegalStateException("Registry '" + registry + "' is served on this member already. "
					+ "Give each registry of a process a name of its own");
		}
	}

	@Override
	public void stopServing(String registry, RemoteCalls calls) {
		this.served.remove(registry, calls);
	}

	/**
	 * Run an invocation that arrived from another member (or this one) by the registry
	 * that serves it here, waiting no longer than its caller does.
	 * @param invocation the invocation
	 * @param timeout how long its caller waits
	 * @return its outcome, to send back
	 */
	CallOutcome run(Invocation invocation, Duration timeout) {
		this.callsRunning.incrementAndGet();
		try {
			return runServed(invocation, timeout);
		}
		finally {
			this.callsRunning.decrementAndGet();
		}
	}

	/**
	 * As this member leaves, wait until it owns no partition (unless it is the last
	 * member), its registries run no actor and no routed call runs here, and a moment
	 * more for the last answers to be written, so that none is lost as the member closes
	 * its connections.
	 * @param deadline the {@link System#nanoTime()} to wait until at most
	 * @return whether it got there before the deadline
	 */
	boolean awaitCallsAnswered(long deadline) {
		String local = localMember();
		while (System.nanoTime() - deadline < 0) {
			// the last member keeps its partitions: it has no one to hand them to
			boolean handedOver = currentMembers().size() <= 1 || partitionOwners().stream().noneMatch(local::equals);
			if (handedOver && this.served.values().stream().allMatch(RemoteCalls::holdsNoActor)
					&& this.callsRunning.get() == 0) {
				sleepUntil(Math.min(deadline, System.nanoTime() + ANSWER_GRACE.toNanos()));
				return true;
			}
			sleepUntil(Math.min(deadline, System.nanoTime() + LEAVE_POLL.toNanos()));
		}
		return false;
	}

	private static void sleepUntil(long deadline) {
		long left = deadline - System.nanoTime();
		if (left > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private CallOutcome runServed(Invocation invocation, Duration timeout) {
		RemoteCalls calls = this.served.get(invocation.registry());
		if (calls == null) {
			return CallOutcome.failure(Kind.NOT_RUN, null, "the registry is not served on this member");
		}
		try {
			return CallOutcome
				.success(calls.handle(invocation).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (ExecutionException ex) {
			return failureOf((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException ex) {
			return CallOutcome.failure(Kind.OUTCOME_UNKNOWN, null, "it did not finish within " + timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return CallOutcome.failure(Kind.OUTCOME_UNKNOWN, null, "the member stopped waiting for it");
		}
		catch (RuntimeException ex) {
			// handle() threw instead of returning a failed stage.
			return failureOf(ex);
		}
	}

	private static CallOutcome failureOf(Throwable failure) {
		if (failure instanceof RemoteCallException remote) {
			return CallOutcome.failure(remote.kind(), remote.remoteType(), problemOf(remote));
		}
		return CallOutcome.failure(Kind.FAILED, failure.getClass().getName(), problemOf(failure));
	}

	/**
	 * A failure's message without the registry and key the caller's exception names
	 * again, so that they do not appear twice.
	 */
	private static String problemOf(Throwable failure) {
		String message = failure.getMessage();
		if (message == null) {
			return failure.getClass().getSimpleName();
		}
		if (failure instanceof ActorRegistryException known) {
			String prefix = "Registry '" + known.registry() + "'"
					+ ((known.key() != null) ? ", actor '" + ActorRegistryException.keyText(known.key()) + "'" : "")
					+ ": ";
			if (message.startsWith(prefix)) {
				message = message.substring(prefix.length());
			}
		}
		return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * For a member {@link #start} created, this is Hazelcast's graceful shutdown: the
	 * member asks the cluster's master to move each of its partitions to another member
	 * and waits until they moved (at most the settings' {@code leaveTimeout}) before it
	 * leaves. Meanwhile it is in Hazelcast's PASSIVE state, in which it still runs the
	 * invocations sent to it and sends its own, so the keys it still owns are served and
	 * the new owners' hand-off requests are answered. On the application's own instance
	 * ({@link #on}) this does nothing: the keys move when the application shuts that
	 * instance down.
	 */
	@Override
	public void leave() {
		if (!this.ownsInstance) {
			logger.log(System.Logger.Level.INFO, () -> "The actors run on the application's Hazelcast instance '"
					+ this.instance.getName() + "': their keys move to the other members when it shuts down");
			return;
		}
		this.instance.shutdown();
	}

	/**
	 * Stop serving this member's registries and, for a member {@link #start} created,
	 * shut it down (gracefully, as {@link #leave} does, if it has not left yet).
	 */
	@Override
	public void close() {
		this.closed = true;
		this.served.clear();
		this.ownershipListeners.clear();
		// Calls sent before keep their deadlines: the executor runs what is scheduled,
		// then ends.
		this.deadlines.shutdown();
		try {
			this.instance.getCluster().removeMembershipListener(this.membershipRegistration);
			this.instance.getPartitionService().removeMigrationListener(this.migrationRegistration);
			this.instance.getUserContext().remove(USER_CONTEXT_KEY, this);
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// it left already: its listeners and user context went with it
		}
		if (this.ownsInstance) {
			this.instance.shutdown();
		}
	}

}
