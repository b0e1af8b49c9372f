package dev.actorregistry.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.ActorContract;
import dev.actorregistry.invocation.Operation;

/**
 * The client an actor sends durably through ({@link Activation#durable}): each call of an
 * operation on one of its proxies records a send in the sending actor's outbox, to be
 * saved with its state, and returns at once with no result.
 *
 * @param <R> the receivers' key type
 * @param <I> their contract
 */
final class DurableClient<R, I> implements ActorClient<R, I> {

	private static final @Nullable Object[] NO_ARGUMENTS = {};

	private final ActorClient<R, I> receivers;

	private final Activation<?, ?> sender;

	private final Class<?>[] interfaces;

	DurableClient(ActorClient<R, I> receivers, Activation<?, ?> sender) {
		this.receivers = receivers;
		this.sender = sender;
		this.interfaces = new Class<?>[] { receivers.contract().type() };
	}

	@Override
	public I get(R key) {
		Objects.requireNonNull(key, () -> "Registry '" + this.receivers.registry().name()
				+ "': the key of a durable send must not be null");
		Class<I> type = this.receivers.contract().type();
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), this.interfaces, new Sending(key)));
	}

	@Override
	public ActorContract<I> contract() {
		return this.receivers.contract();
	}

	@Override
	public ActorRegistry<R, ?> registry() {
		return this.receivers.registry();
	}

	@Override
	public String toString() {
		return "DurableClient[registry '" + this.receivers.registry().name() + "', "
				+ this.receivers.contract().type().getName() + "]";
	}

	/** What a call returns: nothing, as the return type has it. */
	private static @Nullable Object noResult(Class<?> type) {
		if (!type.isPrimitive()) {
			return CompletionStage.class.isAssignableFrom(type) ? CompletableFuture.completedFuture(null) : null;
		}
		if (type == boolean.class) {
			return false;
		}
		if (type == char.class) {
			return (char) 0;
		}
		if (type == void.class) {
			return null;
		}
		if (type == float.class || type == double.class) {
			return (type == float.class) ? (Object) 0f : (Object) 0d;
		}
		return (type == long.class) ? (Object) 0L
				: (type == int.class) ? (Object) 0 : (type == short.class) ? (Object) (short) 0 : (Object) (byte) 0;
	}

	/** The calls of one proxy: each records a send to its key. */
	private final class Sending implements InvocationHandler {

		private final R key;

		Sending(R key) {
			this.key = key;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
				throws Throwable {
			Operation operation = DurableClient.this.receivers.contract().operation(method);
			if (operation == null) {
				if (method.isDefault()) {
					return InvocationHandler.invokeDefault(proxy, method, args);
				}
				return switch (method.getName()) {
					case "equals" -> args != null && proxy == args[0];
					case "hashCode" -> System.identityHashCode(proxy);
					case "toString" -> DurableClient.this.receivers.contract().type().getSimpleName()
							+ "[durable, registry '" + DurableClient.this.receivers.registry().name() + "', actor '"
							+ ActorRegistryException.keyText(this.key) + "']";
					default -> throw new UnsupportedOperationException(method.toString());
				};
			}
			DurableClient.this.sender.sendDurably(DurableClient.this.receivers.registry().name(), this.key, operation,
					(args != null) ? args : NO_ARGUMENTS);
			return noResult(method.getReturnType());
		}

	}

}
