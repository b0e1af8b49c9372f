package dev.actorregistry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.reminder.Reminders;

/**
 * A named set of actors of one type, at most one live actor per key.
 * <p>
 * Lookups read one concurrent map without locks. Starts of different keys never wait on
 * each other; concurrent starts of one key run the factory once. Each actor runs one
 * message at a time on a shared executor. Idle actors are passivated, and {@link #drain}
 * stops everything without losing a message in silence.
 *
 * <pre class="code">
 * ActorRegistry&lt;String, Cart&gt; carts = ActorRegistry
 *     .builder("carts", String.class, (key, context) -&gt; new Cart(key))
 *     .idleTimeout(Duration.ofMinutes(10))
 *     .build();
 * int items = carts.ask("u1", cart -&gt; cart.add("sku-1", 2)).join();
 * </pre>
 *
 * @param <K> the key type; keys need sound {@code equals} and {@code hashCode}
 * @param <A> the actor type
 */
public interface ActorRegistry<K, A> extends AutoCloseable {

	/**
	 * Start building a registry.
	 * @param name the registry's name, used in every error message and metric
	 * @param keyType the key type
	 * @param factory creates an actor for a key
	 * @param <K> the key type
	 * @param <A> the actor type
	 * @return a builder with the defaults of {@link ActorRegistryBuilder}
	 */
	static <K, A> ActorRegistryBuilder<K, A> builder(String name, Class<K> keyType, ActorFactory<K, A> factory) {
		return new ActorRegistryBuilder<>(name, keyType, factory);
	}

	/**
	 * The registry's name.
	 * @return the name
	 */
	String name();

	/**
	 * The key type.
	 * @return the key type
	 */
	Class<K> keyType();

	/**
	 * The settings this registry runs with.
	 * @return the settings
	 */
	RegistrySettings settings();

	/**
	 * Where the registry is in its life.
	 * @return the status
	 */
	RegistryStatus status();

	/**
	 * The live actor of a key. Never starts one, never waits, and never returns an actor
	 * that is stopping or stopped.
	 * @param key the key
	 * @return the actor, or empty if none is live
	 */
	Optional<ActorRef<K, A>> lookup(K key);

	/**
	 * The live actor of a key, started if there is none. Concurrent calls for one key run
	 * the factory once and all get the same ref.
	 * <p>
	 * This call may block, unlike sending by key: a caller that starts the actor runs its
	 * factory, state load and {@code onStart} on its own thread; others wait for a start
	 * in progress, and for a stopping actor to be gone before its successor starts, each
	 * up to the {@link ActorRegistryBuilder#startTimeout start timeout}. Use
	 * {@link #lookupOrStartAsync} where a thread must not block, as on an event loop.
	 * @param key the key
	 * @return the live actor
	 * @throws ActorStartException if the factory or {@code onStart} failed, or the start
	 * did not end within the start timeout
	 * @throws RegistryDrainingException if a start is needed while draining
	 * @throws RegistryClosedException if the registry is stopped
	 */
	ActorRef<K, A> lookupOrStart(K key);

	/**
	 * The live actor of a key, started on the registry's executor if there is none,
	 * without blocking.
	 * @param key the key
	 * @return a future of the live actor, failed as {@link #lookupOrStart} would throw
	 */
	CompletableFuture<ActorRef<K, A>> lookupOrStartAsync(K key);

	/**
	 * Start the actor of a key, which must not be live. Blocks as {@link #lookupOrStart}
	 * does.
	 * @param key the key
	 * @return the new actor
	 * @throws AlreadyStartedException carrying the live actor, if there is one
	 * @throws ActorStartException if the factory or {@code onStart} failed, or the start
	 * did not end within the start timeout
	 * @throws RegistryDrainingException if the registry is draining
	 * @throws RegistryClosedException if the registry is stopped
	 */
	ActorRef<K, A> start(K key);

	/**
	 * Start the actor of a key, which must not be live, on the registry's executor,
	 * without blocking.
	 * @param key the key
	 * @return a future of the new actor, failed as {@link #start} would throw
	 */
	CompletableFuture<ActorRef<K, A>> startAsync(K key);

	/**
	 * Stop the actor of a key once the messages it already accepted have run. From this
	 * call on, the actor accepts no new messages through its refs; messages sent by key
	 * reach a fresh activation once this one is gone.
	 * @param key the key
	 * @return a future that completes when the actor has stopped and the key is free;
	 * already complete if no actor was live
	 */
	CompletableFuture<Void> stop(K key);

	/**
	 * Apply {@code message} to the key's current actor, starting it if needed: callers
	 * that hold keys never see a stale actor. Never blocks and never throws but for a
	 * null argument: a start runs on the registry's executor with the message queued
	 * behind it, a message for a stopping actor waits for its successor, and every
	 * refusal ({@link ActorStartException}, {@link MailboxFullException},
	 * {@link RegistryDrainingException}, {@link RegistryClosedException}) fails the
	 * returned future. The future fails with an {@link AskTimeoutException} if no answer
	 * comes within the registry's {@link ActorRegistryBuilder#askTimeout ask timeout},
	 * and at once with an {@link ActorDeadlockException} if an actor's turn blocks on it
	 * while the answer waits for that turn.
	 * @param key the key
	 * @param message the function to apply on the actor's turn
	 * @param <R> the result type
	 * @return the future result
	 * @see ActorRef#ask
	 */
	<R> CompletableFuture<R> ask(K key, Function<? super A, ? extends R> message);

	/**
	 * {@link #ask(Object, Function) Ask} with a timeout of its own instead of the
	 * registry's.
	 * @param key the key
	 * @param message the function to apply on the actor's turn
	 * @param timeout how long to wait for the answer, counted from when the caller first
	 * waits for it (at once, for a caller that joins); positive
	 * @param <R> the result type
	 * @return the future result
	 * @throws IllegalArgumentException if the timeout is not positive
	 */
	<R> CompletableFuture<R> ask(K key, Function<? super A, ? extends R> message, Duration timeout);

	/**
	 * Apply {@code message} to the key's current actor as one <em>async turn</em>, which
	 * lasts until the stage the message returns completes. Sent as
	 * {@link #ask(Object, Function) ask} sends: never blocks, starts the actor if needed,
	 * and every refusal fails the returned future.
	 * <p>
	 * While the stage is incomplete the actor takes no other message (the turn is not
	 * reentrant), and no thread is held: the function returns, the actor's run ends with
	 * the message still in progress, and the stage's completion goes on with the mailbox
	 * on the registry's executor. The returned future completes with the stage's outcome,
	 * after the state is saved with write-through. A stage that completes exceptionally
	 * is a failed message, as if the function had thrown: the future fails with that
	 * exception and the {@link FailurePolicy} applies.
	 * <p>
	 * What the message chains on the replies of asks it makes (through
	 * {@link #ask(Object, Function) ask}, {@link #call call}, typed proxies, refs, of any
	 * registry), and on stages derived from them, runs in this actor: one at a time,
	 * never concurrently with another of its messages, with this actor as the running
	 * turn; it may use the actor's state. Stages of other futures (an HTTP client's, a
	 * timer's) complete on their own threads and must not touch the actor's state: bring
	 * them into the turn with {@link #inTurn}, or return them as the turn's stage. Inside
	 * the turn, compose rather than block ({@code join}): a blocked thread holds the
	 * turn, and a stage derived from a reply completes only once the turn's thread is
	 * free.
	 * <p>
	 * The whole turn has the ask's deadline (the registry's
	 * {@link ActorRegistryBuilder#askTimeout ask timeout}): if the stage is not complete
	 * by then, the turn ends as a failed message with a {@link TurnTimeoutException}, the
	 * failure policy applies, the actor takes its next message, and the stage's late
	 * outcome is ignored. A suspended turn is a message in progress: the actor is not
	 * passivated meanwhile, and a drain waits for it within its timeout.
	 * <p>
	 * An ask sent from the turn that comes back to this actor within the turn's call
	 * chain (this actor asks B, whose turn asks this actor) fails at once with a
	 * {@link CallChainDeadlockException}, since it would wait for the turn.
	 * @param key the key
	 * @param message the function to apply on the actor's turn; it returns the stage that
	 * ends the turn (null is taken as a stage completed with null)
	 * @param <R> the result type
	 * @return the future of the stage's result
	 */
	<R> CompletableFuture<R> askAsync(K key, Function<? super A, ? extends CompletionStage<R>> message);

	/**
	 * {@link #askAsync(Object, Function) Ask for an async turn} with a timeout of its own
	 * instead of the registry's: the deadline of the whole turn.
	 * @param key the key
	 * @param message the function to apply on the actor's turn; it returns the stage that
	 * ends the turn
	 * @param timeout how long to wait for the answer, counted from when the caller first
	 * waits for it (at the latest, from when the turn begins); positive
	 * @param <R> the result type
	 * @return the future of the stage's result
	 * @throws IllegalArgumentException if the timeout is not positive
	 */
	<R> CompletableFuture<R> askAsync(K key, Function<? super A, ? extends CompletionStage<R>> message,
			Duration timeout);

	/**
	 * Bring a stage that is no actor's reply (an HTTP client's, a scheduler's) into the
	 * async turn that the calling thread runs: what is chained on the returned future
	 * runs in that actor's turn, one at a time with its other continuations, as it does
	 * on the replies of the turn's asks, so it may use the actor's state. Once the turn
	 * has ended, it runs as a message of the actor. Called outside an async turn, the
	 * returned future simply completes as the stage does, on the stage's thread.
	 * <pre class="code">
	 * accounts.askAsync("alice", (account) -&gt; ActorRegistry
	 *     .inTurn(http.sendAsync(request, BodyHandlers.ofString()))
	 *     .thenApply((response) -&gt; account.record(response.body())));
	 * </pre>
	 * @param stage the stage
	 * @param <T> its result type
	 * @return a future completed with the stage's outcome, in the calling actor's turn
	 */
	static <T> CompletableFuture<T> inTurn(CompletionStage<T> stage) {
		return dev.actorregistry.internal.TurnStages.inCurrentTurn(stage);
	}

	/**
	 * Ask the actor of a key and wait for the answer, up to the registry's ask timeout:
	 * what {@code ask(key, message).join()} does, for a caller that blocks anyway (a
	 * controller on a request thread, say). When the actor is idle and the calling thread
	 * may run its turn (see {@link ActorRegistryBuilder#callerRuns}), the message runs on
	 * the calling thread and no thread of the executor is woken for it; otherwise the
	 * caller waits as a join does.
	 * @param key the key
	 * @param message the function to apply on the actor's turn
	 * @param <R> the result type
	 * @return the answer
	 * @throws RuntimeException what the message threw, as it is; an
	 * {@link AskTimeoutException} when the answer did not come in time; the refusals of
	 * {@link #ask(Object, Function)}, thrown rather than returned in a future
	 */
	<R> R call(K key, Function<? super A, ? extends R> message);

	/**
	 * Apply {@code message} to the key's current actor, starting it if needed, without
	 * waiting for it. Never blocks, as {@link #ask(Object, Function)} does not.
	 * @param key the key
	 * @param message the action to apply on the actor's turn
	 * @throws MailboxFullException if its mailbox is at capacity
	 * @throws RegistryDrainingException if a start is needed while draining
	 * @throws RegistryClosedException if the registry is stopped
	 * @see ActorRef#tell
	 */
	void tell(K key, Consumer<? super A> message);

	/**
	 * The number of live actors, starting ones included and stopping ones excluded.
	 * @return the count
	 */
	int size();

	/**
	 * The live actors (active or stopping), as OTP's {@code which_children}.
	 * @return a snapshot, in no particular order
	 */
	List<ChildInfo<K, A>> whichChildren();

	/**
	 * One live actor, as listed by {@link #whichChildren}.
	 * @param key the key
	 * @return its snapshot, or empty if it is not live
	 */
	Optional<ChildInfo<K, A>> child(K key);

	/**
	 * Counts in the shape of OTP's {@code count_children}.
	 * @return the counts
	 */
	ChildCounts countChildren();

	/**
	 * Messages accepted by live actors and not yet finished. Walks every actor: meant for
	 * monitoring, not for hot paths.
	 * @return the count
	 */
	long pendingMessages();

	/**
	 * The durable reminders of this registry's actors.
	 * @return the reminders
	 * @throws IllegalStateException if the registry has no reminder store
	 */
	Reminders<K> reminders();

	/**
	 * A client of this registry's actors through a contract they implement: its
	 * {@code get(key)} gives a proxy of the contract bound to the key.
	 * @param <I> the contract
	 * @param contract an interface the actors implement, whose operations callers invoke
	 * @return the client
	 * @throws dev.actorregistry.invocation.ActorContractException if the interface is not
	 * a contract
	 * @see dev.actorregistry.invocation.ActorInterface
	 */
	default <I> ActorClient<K, I> client(Class<I> contract) {
		return ActorClient.of(this, contract);
	}

	/**
	 * The topics this registry's actors subscribe to, to publish on.
	 * @return the topics, shared with the registries built with the same ones
	 */
	Topics topics();

	/**
	 * Drain the registry: turn {@link RegistryStatus#DRAINING} (no new starts; live
	 * actors still accept messages), wait until every mailbox is empty or {@code timeout}
	 * has passed, then stop every actor and turn {@link RegistryStatus#STOPPED}. Messages
	 * still queued when the time is up fail with an {@link ActorStoppedException} and are
	 * counted as abandoned. Stopping the actors may take up to {@code timeout} again; an
	 * actor still running a message after that is counted as not stopped, and stops when
	 * the message ends. A second call waits for the first and returns its report.
	 * @param timeout how long to wait for queued work
	 * @return what the drain did
	 */
	DrainReport drain(Duration timeout);

	/**
	 * Drain with the registry's configured drain timeout.
	 * @see #drain(Duration)
	 */
	@Override
	void close();

}
