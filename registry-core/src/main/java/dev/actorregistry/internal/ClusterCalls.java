package dev.actorregistry.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.AskTimeoutException;
import dev.actorregistry.RegistryClosedException;
import dev.actorregistry.RegistryDrainingException;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.cluster.ActorElsewhereException;
import dev.actorregistry.cluster.Placement;
import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.cluster.RemoteCalls;
import dev.actorregistry.cluster.RetryReason;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.invocation.Operation;

/**
 * A clustered registry's calls by key through its typed interfaces, both ways: a call for
 * a key another member owns is written as an {@link Invocation} and carried there, and
 * tried again while the owner answers that it did not run it (it no longer owns the key,
 * or drains), within the call's deadline; a call carried here from another member runs on
 * its actor, if this member owns the key, and its result is written back.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
public final class ClusterCalls<K, A> implements RemoteCalls {

	/** The longest pause between two tries of a call its owner did not run. */
	private static final long MAX_RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final DefaultActorRegistry<K, A> registry;

	private final ActorCluster cluster;

	private final InvocationCodec codec;

	private final Function<String, K> keyParser;

	private final InvokedOperations operations;

	private final ScheduledExecutorService scheduler;

	private final HandOffs handOffs;

	private final RegistryListener listener;

	ClusterCalls(DefaultActorRegistry<K, A> registry, ClusterConfig config, Function<String, K> keyParser,
			InvokedOperations operations, ScheduledExecutorService scheduler, HandOffs handOffs,
			RegistryListener listener) {
		this.handOffs = handOffs;
		this.listener = listener;
		this.registry = registry;
		this.cluster = config.cluster();
		this.codec = config.codec();
		this.keyParser = keyParser;
		this.operations = operations;
		this.scheduler = scheduler;
	}

	/**
	 * Where a key's actor lives now.
	 * @param key the key
	 * @return its placement
	 */
	public Placement placementOf(K key) {
		return this.cluster.placementOf(this.registry.name(), KeyText.of(key));
	}

	/**
	 * Whether this member owns a key now. A member that has left the cluster (and can no
	 * longer read the partition table) owns none.
	 * @param key the key
	 * @return whether it owns the key
	 */
	boolean ownsHere(K key) {
		try {
			return placementOf(key).local();
		}
		catch (RemoteCallException ex) {
			return false;
		}
	}

	/**
	 * Why this member may not start an actor for a key: another member owns it, or none
	 * does now.
	 * @return the refusal, or null if this member owns the key
	 */
	@Nullable ActorElsewhereException elsewhere(K key) {
		Placement placement = placementOf(key);
		if (placement.local()) {
			// held back while its old owner releases it: as if no member owned it yet
			return servesHere(placement) ? null : new ActorElsewhereException(this.registry.name(), key, null);
		}
		return new ActorElsewhereException(this.registry.name(), key, placement.owner());
	}

	/**
	 * Whether this member runs a key's calls now: it owns the key, and no hand-off of its
	 * partition is under way.
	 * @param key the key
	 * @return whether its calls run here
	 */
	public boolean servesHere(K key) {
		return servesHere(placementOf(key));
	}

	private boolean servesHere(Placement placement) {
		return placement.local() && !this.handOffs.isPending(placement.partition());
	}

	// calls from here

	/**
	 * Carry a call to the member that owns its key, and read its result back.
	 * @param key the key
	 * @param operation the operation
	 * @param arguments its arguments
	 * @param timeout the call's deadline
	 * @return the result; fails with a {@link RemoteCallException}, or an
	 * {@link AskTimeoutException} once the deadline passed while no owner ran it
	 */
	public CompletableFuture<@Nullable Object> call(K key, Operation operation, @Nullable Object[] arguments,
			Duration timeout) {
		Invocation invocation = Invocation.of(this.registry.name(), KeyText.of(key), operation,
				this.codec.encodeArguments(operation, arguments));
		CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
		attempt(key, operation, invocation, System.nanoTime() + timeout.toNanos(), timeout, 1, result);
		return result;
	}

	private void attempt(K key, Operation operation, Invocation invocation, long deadline, Duration timeout,
			int attempt, CompletableFuture<@Nullable Object> result) {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			result.completeExceptionally(new AskTimeoutException(this.registry.name(), key, timeout));
			return;
		}
		CompletionStage<byte[]> answer;
		long sent = System.nanoTime();
		Placement placement;
		try {
			placement = placementOf(key);
			if (placement.local()) {
				// it moved here: run it here, as a call from another member would (and
				// wait while its old owner releases it)
				answer = handle(invocation);
			}
			else if (placement.owner() == null) {
				answer = CompletableFuture.failedFuture(notRun(invocation, "no member owns the key right now"));
			}
			else {
				answer = this.cluster.call(placement.owner(), invocation, Duration.ofNanos(left));
			}
		}
		catch (RuntimeException ex) {
			// this member cannot place the key any more (it left the cluster): a try on
			// the scheduler that threw would leave the call waiting forever
			result.completeExceptionally(ex);
			return;
		}
		answer.whenComplete((bytes, failure) -> {
			Throwable cause = unwrap(failure);
			if (!placement.local() && placement.owner() != null) {
				this.listener.callForwarded(this.registry.name(), key, System.nanoTime() - sent, cause);
			}
			if (cause == null) {
				result.complete(decode(operation, bytes));
			}
			else if (cause instanceof RemoteCallException remote && remote.kind() == RemoteCallException.Kind.NOT_RUN) {
				this.listener.callRetried(this.registry.name(), key, retryReason(placement));
				long pause = Math.min(TimeUnit.MILLISECONDS.toNanos(1) << Math.min(attempt - 1, 20),
						MAX_RETRY_PAUSE_NANOS);
				this.scheduler.schedule(
						() -> attempt(key, operation, invocation, deadline, timeout, attempt + 1, result), pause,
						TimeUnit.NANOSECONDS);
			}
			else {
				result.completeExceptionally(cause);
			}
		});
	}

	private static RetryReason retryReason(Placement placement) {
		if (placement.local()) {
			return RetryReason.HAND_OFF;
		}
		return (placement.owner() == null) ? RetryReason.NO_OWNER : RetryReason.NOT_RUN_BY_OWNER;
	}

	private @Nullable Object decode(Operation operation, byte[] bytes) {
		return (operation.kind() == Operation.Kind.ONE_WAY || bytes.length == 0) ? null
				: this.codec.decodeResult(operation, bytes);
	}

	// calls to here

	@Override
	public boolean holdsNoActor() {
		return this.registry.size() == 0;
	}

	@Override
	public CompletionStage<byte[]> handle(Invocation invocation) {
		K key;
		Operation operation;
		@Nullable Object[] arguments;
		try {
			key = Objects.requireNonNull(this.keyParser.apply(invocation.key()));
			operation = this.operations.of(invocation);
			arguments = this.codec.decodeArguments(operation, invocation.arguments());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(failed(invocation, ex));
		}
		if (!servesHere(key)) {
			return CompletableFuture
				.failedFuture(notRun(invocation, "this member does not own the key, or its hand-off is under way"));
		}
		CompletionStage<@Nullable Object> ran;
		try {
			ran = run(key, operation, arguments);
		}
		catch (RuntimeException ex) {
			ran = CompletableFuture.failedFuture(ex);
		}
		return ran.handle((value, failure) -> {
			Throwable cause = unwrap(failure);
			if (cause == null) {
				return (operation.kind() == Operation.Kind.ONE_WAY) ? new byte[0]
						: this.codec.encodeResult(operation, value);
			}
			if (cause instanceof ActorElsewhereException || cause instanceof RegistryDrainingException
					|| cause instanceof RegistryClosedException) {
				throw notRun(invocation, "this member does not serve the key now");
			}
			throw failed(invocation, cause);
		});
	}

	private CompletionStage<@Nullable Object> run(K key, Operation operation, @Nullable Object[] arguments) {
		switch (operation.kind()) {
			case ONE_WAY -> {
				this.registry.tell(key, (actor) -> invoke(operation, actor, arguments));
				return CompletableFuture.completedFuture(null);
			}
			case ASYNC -> {
				return this.registry.askAsync(key, (actor) -> stageOf(invoke(operation, actor, arguments)));
			}
			default -> {
				return this.registry.ask(key, (actor) -> invoke(operation, actor, arguments));
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static CompletionStage<@Nullable Object> stageOf(@Nullable Object returned) {
		return (returned != null) ? (CompletionStage<@Nullable Object>) returned
				: CompletableFuture.completedFuture(null);
	}

	private static @Nullable Object invoke(Operation operation, Object actor, @Nullable Object[] arguments) {
		try {
			return operation.invoke(actor, arguments);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new CompletionException(ex);
		}
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private RemoteCallException notRun(Invocation invocation, String why) {
		return new RemoteCallException(this.registry.name(), invocation.key(), RemoteCallException.Kind.NOT_RUN, null,
				"call " + invocation.operation() + " (" + invocation.id() + ") did not run: " + why,
				"It is tried again at the key's owner within the call's deadline", null);
	}

	private RemoteCallException failed(Invocation invocation, Throwable cause) {
		if (cause instanceof RemoteCallException remote) {
			return remote;
		}
		String type = cause.getClass().getName();
		return new RemoteCallException(this.registry.name(), invocation.key(), RemoteCallException.Kind.FAILED, type,
				cause.getMessage(),
				"call " + invocation.operation() + " threw " + type + " on the member that owns the key",
				(cause instanceof ActorRegistryException) ? "See the owner's log for the cause"
						: "See remoteType() and remoteMessage() for what the operation refused",
				null);
	}

}
