package dev.actorregistry.internal;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.invocation.DeliveryOutcome;
import dev.actorregistry.invocation.DurableReceiver;
import dev.actorregistry.invocation.DurableSendException;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.invocation.Operation;
import dev.actorregistry.invocation.Refusal;
import dev.actorregistry.invocation.RefusalHandler;
import dev.actorregistry.persistence.AppliedInvocation;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.SerializedState;

/**
 * The receiving end of one registry's durable sends: each is run on its receiver's turn
 * once, and recorded in the receiver's inbox, saved with its state (write-through) before
 * the delivery is answered. A send found in the inbox is answered from the record. An
 * operation that throws refuses the send: the receiver's state goes back to what it was
 * before the call, its sends from the call are dropped, and the refusal is recorded and
 * sent back durably to the sender, in the same save. An operation that throws one of the
 * registry's own exceptions (a timeout of a call it made, say) or an {@link Error} leaves
 * no trace either, but refuses nothing: the send is delivered again later.
 *
 * @param <K> the key type
 * @param <A> the actor type
 */
final class DurableReceipts<K, A> implements DurableReceiver {

	private static final System.Logger logger = System.getLogger(DurableReceipts.class.getName());

	/** The longest reason of a refusal kept. */
	static final int MAX_REASON = 2000;

	private final DefaultActorRegistry<K, A> registry;

	private final Function<String, K> keyParser;

	private final InvocationCodec codec;

	private final StatePersistence persistence;

	private final InvokedOperations operations;

	DurableReceipts(DefaultActorRegistry<K, A> registry, Function<String, K> keyParser, InvocationCodec codec,
			StatePersistence persistence, InvokedOperations operations) {
		this.registry = registry;
		this.keyParser = keyParser;
		this.codec = codec;
		this.persistence = persistence;
		this.operations = operations;
	}

	@Override
	public CompletionStage<DeliveryOutcome> receive(DurableSend send) {
		K key;
		Consumer<A> work;
		try {
			key = Objects.requireNonNull(this.keyParser.apply(send.receiverKey()));
			work = send.isRefusal() ? refusal(send) : invocation(send.invocation());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(new DurableSendException(this.registry.name(), send.receiverKey(),
					"durable send " + send.id() + " cannot be read here (" + ex.getClass().getSimpleName() + ")",
					"Deploy the contract " + send.invocation().contract() + " and a key parser for this registry; "
							+ "the send stays in its sender's outbox until then",
					ex));
		}
		return this.registry.ask(key, (actor) -> apply(actor, send, work));
	}

	@Override
	public void forget(DurableSend send) {
		K key;
		try {
			key = this.keyParser.apply(send.receiverKey());
		}
		catch (RuntimeException ex) {
			return;
		}
		Activation<K, A> live = this.registry.activation(key);
		PersistedState state = (live != null) ? live.persisted() : null;
		if (state != null) {
			state.forget(send.id());
		}
	}

	/** The operation of an invocation, with its arguments, to run on the actor. */
	private Consumer<A> invocation(Invocation invocation) {
		Operation operation = this.operations.of(invocation);
		@Nullable Object[] arguments = this.codec.decodeArguments(operation, invocation.arguments());
		return (actor) -> {
			try {
				operation.invoke(actor, arguments);
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new Refused(ex);
			}
		};
	}

	/** A refusal, to give to the sender's handler. */
	private Consumer<A> refusal(DurableSend send) {
		Invocation refused = send.invocation();
		Operation operation = this.operations.of(refused);
		Refusal refusal = new Refusal(refused, operation, this.codec.decodeArguments(operation, refused.arguments()),
				Objects.requireNonNull(send.refusal()), send.sentAt());
		return (actor) -> {
			if (actor instanceof RefusalHandler handler) {
				handler.refused(refusal);
			}
			else {
				logger.log(Level.WARNING,
						"Registry '" + this.registry.name() + "', actor '"
								+ ActorRegistryException.keyText(send.receiverKey()) + "': its durable send "
								+ refused.id() + " (" + operation + ") was refused (" + refusal.reason() + "), and "
								+ actor.getClass().getName() + " does not implement RefusalHandler to compensate");
			}
		};
	}

	/** On the receiver's turn: run the send once, and record it. */
	private DeliveryOutcome apply(A actor, DurableSend send, Consumer<A> work) {
		Activation<?, ?> activation = (Activation<?, ?>) Objects.requireNonNull(Turns.running());
		PersistedState state = activation.persisted();
		if (state == null || !(actor instanceof PersistentActor<?> persistent)) {
			throw new DurableSendException(this.registry.name(), activation.key,
					"it received a durable send, but it is not a persistent actor",
					"Receive durable sends in persistent actors only: each send is recorded with the state", null);
		}
		if (state.hasApplied(send.id())) {
			// answered once the record is saved, if it is not yet: the group's save
			return DeliveryOutcome.DUPLICATE;
		}
		SerializedState before = this.persistence.serialize(activation.key, persistent, state, "before a durable send");
		state.mark();
		try {
			work.accept(actor);
		}
		catch (RuntimeException | Error ex) {
			Throwable cause = (ex instanceof Refused refused) ? refused.getCause() : ex;
			// no trace of the call, whatever it is taken for
			this.persistence.restore(activation.key, persistent, before);
			state.dropSendsSinceMark();
			if (cause instanceof ActorRegistryException || cause instanceof Error) {
				// the registry's own failure (a timeout, a full mailbox, a failed save),
				// or
				// the JVM's: not the receiver's answer, so delivered again later
				throw ex;
			}
			String reason = reason(Objects.requireNonNull(cause));
			java.time.Instant now = this.registry.clock().instant();
			state.applied(new AppliedInvocation(send.id(), reason, now));
			if (!send.isRefusal()) {
				state.send(DurableSend.refusal(send, UUID.randomUUID().toString(), reason, now));
			}
			return DeliveryOutcome.REFUSED;
		}
		state.applied(new AppliedInvocation(send.id(), null, this.registry.clock().instant()));
		return DeliveryOutcome.APPLIED;
	}

	/**
	 * Why a send was refused, as it is stored and sent back: the exception's class and
	 * message, cut to {@value #MAX_REASON} characters so that no message can make the
	 * receiver's save fail.
	 */
	static String reason(Throwable refusal) {
		String reason = refusal.getClass().getName() + ": " + refusal.getMessage();
		return (reason.length() <= MAX_REASON) ? reason : reason.substring(0, MAX_REASON - 1) + "…";
	}

	/** A checked exception of the receiver's operation, carried out of a consumer. */
	private static final class Refused extends RuntimeException {

		Refused(Throwable cause) {
			super(null, cause, false, false);
		}

	}

}
