package dev.actorregistry.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.StopReason;

/**
 * One entry of a mailbox, and its own queue node: a message (an ask with its reply, or a
 * tell), a periodic snapshot, the signal that starts the actor, or the one that stops it.
 * <p>
 * A message or start that carries its sender's context is a {@link WithContext}: the
 * context is a field of that subclass only, so a registry without a context propagator
 * queues envelopes no bigger than before (32 bytes with compressed references; the field
 * would round that up to 40 for every message).
 */
sealed class Envelope permits Envelope.WithContext {

	/** The action of a periodic snapshot: save the actor's state on its own turn. */
	private static final Object SNAPSHOT = new Object();

	/** The action of a start: create the actor, load its state, run its onStart. */
	private static final Object START = new Object();

	/**
	 * A {@link Function} for an ask, a {@link Consumer} for a tell, {@link #SNAPSHOT}, or
	 * a {@link StopReason}.
	 */
	private final Object action;

	private final @Nullable CompletableFuture<Object> reply;

	/**
	 * When it was accepted, by the registry's clock; set only when timings are recorded.
	 */
	long acceptedAt;

	volatile @Nullable Envelope next;

	private Envelope(Object action, @Nullable CompletableFuture<Object> reply) {
		this.action = action;
		this.reply = reply;
	}

	@SuppressWarnings("unchecked")
	static Envelope ask(Function<?, ?> message, CompletableFuture<?> reply) {
		return new Envelope(message, (CompletableFuture<Object>) reply);
	}

	/**
	 * An ask that carries its sender's context, if there is one.
	 * @param context what the propagator captured, or null
	 */
	@SuppressWarnings("unchecked")
	static Envelope ask(Function<?, ?> message, CompletableFuture<?> reply, @Nullable Object context) {
		return (context != null) ? new WithContext(message, (CompletableFuture<Object>) reply, context)
				: ask(message, reply);
	}

	static Envelope tell(Consumer<?> message) {
		return new Envelope(message, null);
	}

	/**
	 * A tell that carries its sender's context, if there is one.
	 * @param context what the propagator captured, or null
	 */
	static Envelope tell(Consumer<?> message, @Nullable Object context) {
		return (context != null) ? new WithContext(message, null, context) : tell(message);
	}

	static Envelope stop(StopReason reason) {
		return new Envelope(reason, null);
	}

	static Envelope snapshot() {
		return new Envelope(SNAPSHOT, null);
	}

	static Envelope start() {
		return new Envelope(START, null);
	}

	/**
	 * The start signal, carrying the context of whoever caused the start.
	 * @param context what the propagator captured, or null
	 */
	static Envelope start(@Nullable Object context) {
		return (context != null) ? new WithContext(START, null, context) : start();
	}

	/**
	 * The sender's context, for the turn to restore.
	 * @return it, or null if it carries none
	 */
	final @Nullable Object context() {
		return (this instanceof WithContext carrying) ? carrying.context : null;
	}

	boolean isSnapshot() {
		return this.action == SNAPSHOT;
	}

	boolean isStart() {
		return this.action == START;
	}

	/**
	 * Whether it is a message someone sent: an ask or a tell, a timer's tick included.
	 */
	boolean isMessage() {
		return this.action != SNAPSHOT && this.action != START && !isStop();
	}

	/**
	 * Whether it is an ask whose caller no longer waits for it: its reply timed out (or
	 * was cancelled) before it ran, so it must not run.
	 */
	boolean isExpired() {
		return this.reply != null && this.reply.isDone();
	}

	/**
	 * Note which activation accepted it, for an ask's deadline and its waiters.
	 * @param activation the activation it was offered to
	 */
	void offeredTo(Activation<?, ?> activation) {
		if (this.reply instanceof Reply<?> waiting) {
			waiting.target = activation;
		}
	}

	/**
	 * What this ask carries for async turns and call chains.
	 * @return its routing, or null for a tell or an ask that needs none
	 */
	@Nullable Routing routing() {
		return (this.reply instanceof Reply<?> waiting) ? waiting.routing : null;
	}

	/**
	 * This ask's reply with its deadline.
	 * @return it, or null for a tell or a signal
	 */
	@Nullable Reply<?> reply() {
		return (this.reply instanceof Reply<?> waiting) ? waiting : null;
	}

	/**
	 * Whether it is the ask whose reply is {@code reply}.
	 * @param reply a reply
	 * @return true if this message answers it
	 */
	boolean repliesTo(CompletableFuture<?> reply) {
		return this.reply == reply;
	}

	/**
	 * The reply of this ask if its sender is about to wait for it on the sending thread
	 * ({@link Reply#callerWillWait}), else null.
	 */
	@Nullable Reply<?> waitingReply() {
		return (this.reply instanceof Reply<?> waiting && waiting.callerWillWait()) ? waiting : null;
	}

	boolean isStop() {
		return this.action instanceof StopReason;
	}

	StopReason stopReason() {
		return (StopReason) this.action;
	}

	/**
	 * Whether running it counts as activity, which keeps the actor from idle passivation:
	 * everything but the ticks of timers that are not marked keep-alive.
	 */
	boolean countsAsActivity() {
		return !(this.action instanceof ActorTimer timer) || timer.keepsAlive();
	}

	boolean isTell() {
		return this.reply == null;
	}

	/**
	 * Run the message against the actor. The reply is completed separately, so the
	 * activation can do its bookkeeping before the sender sees the outcome.
	 * @return the result for the reply, or null for a tell
	 * @throws Throwable whatever the message threw
	 */
	@SuppressWarnings("unchecked")
	@Nullable Object run(Object actor) throws Throwable {
		if (this.reply == null) {
			((Consumer<Object>) this.action).accept(actor);
			return null;
		}
		return ((Function<Object, Object>) this.action).apply(actor);
	}

	void complete(@Nullable Object result) {
		if (this.reply != null) {
			this.reply.complete(result);
		}
	}

	/**
	 * Fail the sender's reply, if it waits for one.
	 * @param cause what the sender sees
	 */
	void fail(Throwable cause) {
		if (this.reply != null) {
			this.reply.completeExceptionally(cause);
		}
	}

	/** An envelope that carries its sender's context to the turn. */
	static final class WithContext extends Envelope {

		private final Object context;

		private WithContext(Object action, @Nullable CompletableFuture<Object> reply, Object context) {
			super(action, reply);
			this.context = context;
		}

	}

}
