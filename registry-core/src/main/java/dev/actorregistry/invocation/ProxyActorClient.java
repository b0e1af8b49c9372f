package dev.actorregistry.invocation;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.internal.ClusterCalls;
import dev.actorregistry.internal.DefaultActorRegistry;
import dev.actorregistry.internal.Interleaving;

/**
 * An {@link ActorClient} of JDK proxies: each call of an operation is one message given
 * to the registry, which runs the actor's method in the actor's turn.
 */
final class ProxyActorClient<K, I> implements ActorClient<K, I> {

	private static final @Nullable Object[] NO_ARGUMENTS = {};

	private final ActorRegistry<K, ?> registry;

	private final ActorContract<I> contract;

	private final Class<?>[] interfaces;

	ProxyActorClient(ActorRegistry<K, ?> registry, ActorContract<I> contract) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
		this.contract = contract;
		this.interfaces = new Class<?>[] { contract.type() };
	}

	@Override
	public I get(K key) {
		Objects.requireNonNull(key, () -> "Registry '" + this.registry.name() + "': the key must not be null");
		return this.contract.type()
			.cast(Proxy.newProxyInstance(this.contract.type().getClassLoader(), this.interfaces, new Bound(key)));
	}

	@Override
	public ActorContract<I> contract() {
		return this.contract;
	}

	@Override
	public ActorRegistry<K, ?> registry() {
		return this.registry;
	}

	@Override
	public String toString() {
		return "ActorClient[registry '" + this.registry.name() + "', " + this.contract.type().getName() + "]";
	}

	/**
	 * Runs an operation that returns a stage in the actor's turn, as an async turn that
	 * lasts until the stage completes.
	 */
	@SuppressWarnings("unchecked")
	private static Function<Object, CompletionStage<@Nullable Object>> stageMessage(Operation operation,
			@Nullable Object[] arguments) {
		Function<Object, @Nullable Object> call = message(operation, arguments);
		return (actor) -> (CompletionStage<@Nullable Object>) call.apply(actor);
	}

	/** Runs an operation in the actor's turn, throwing what the actor's method threw. */
	private static Function<Object, @Nullable Object> message(Operation operation, @Nullable Object[] arguments) {
		return (actor) -> {
			try {
				return operation.invoke(actor, arguments);
			}
			catch (Throwable ex) {
				throw ProxyActorClient.<RuntimeException>rethrow(ex);
			}
		};
	}

	@SuppressWarnings("unchecked")
	private static <T extends Throwable> T rethrow(Throwable ex) throws T {
		throw (T) ex;
	}

	/** The calls of one proxy: its key, and what a method of the contract does. */
	private final class Bound implements InvocationHandler {

		private final K key;

		Bound(K key) {
			this.key = key;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args)
				throws Throwable {
			Operation operation = ProxyActorClient.this.contract.operation(method);
			if (operation == null) {
				return notAnOperation(proxy, method, args);
			}
			@Nullable Object[] arguments = (args != null) ? args : NO_ARGUMENTS;
			ActorRegistry<K, ?> registry = ProxyActorClient.this.registry;
			if (registry instanceof DefaultActorRegistry<K, ?> local) {
				ClusterCalls<K, ?> cluster = local.clusterCalls();
				if (cluster != null && !cluster.servesHere(this.key)) {
					return remote(cluster, operation, arguments, method);
				}
			}
			Interleaving interleaving = interleaving(operation);
			if (interleaving != Interleaving.NONE && registry instanceof DefaultActorRegistry<K, ?> routing) {
				CompletableFuture<@Nullable Object> reply = routing.askRouted(this.key, message(operation, arguments),
						operation.kind() == Operation.Kind.ASYNC, interleaving);
				return (operation.kind() == Operation.Kind.ASYNC) ? reply : await(reply, method);
			}
			switch (operation.kind()) {
				case ONE_WAY -> {
					registry.tell(this.key, message(operation, arguments)::apply);
					return null;
				}
				case ASYNC -> {
					return registry.askAsync(this.key, stageMessage(operation, arguments));
				}
				default -> {
					return call(registry, operation, arguments, method);
				}
			}
		}

		private static Interleaving interleaving(Operation operation) {
			if (operation.kind() == Operation.Kind.ONE_WAY) {
				return Interleaving.NONE; // a tell never waits: it cannot close a chain
			}
			if (operation.interleaved()) {
				return Interleaving.ALWAYS;
			}
			return operation.reentrant() ? Interleaving.REENTRANT : Interleaving.NONE;
		}

		/** The reply of a blocking operation, or what the actor's method threw. */
		private static @Nullable Object await(CompletableFuture<@Nullable Object> reply, Method method)
				throws Throwable {
			try {
				return reply.join();
			}
			catch (CompletionException ex) {
				throw thrownBy(method, ex);
			}
		}

		/**
		 * The reply, or what the actor's method threw: a call, which may run the message
		 * on this thread, and has the ask's deadline.
		 */
		private @Nullable Object call(ActorRegistry<K, ?> registry, Operation operation, @Nullable Object[] arguments,
				Method method) throws Throwable {
			try {
				return registry.call(this.key, message(operation, arguments));
			}
			catch (CompletionException ex) {
				// a checked exception of the actor's method, which call() cannot throw
				throw thrownBy(method, ex);
			}
		}

		/**
		 * What a caller of {@code method} sees of a failed reply: the actor's exception
		 * as it is if the method may throw it, else wrapped as undeclared.
		 */
		private static Throwable thrownBy(Method method, CompletionException failed) {
			Throwable cause = (failed.getCause() != null) ? failed.getCause() : failed;
			if (cause instanceof RuntimeException || cause instanceof Error || isDeclared(method, cause)) {
				return cause;
			}
			return new UndeclaredThrowableException(cause);
		}

		/**
		 * A call for a key another member owns: carried there as an invocation, with the
		 * registry's ask timeout as its deadline.
		 */
		private @Nullable Object remote(ClusterCalls<K, ?> cluster, Operation operation, @Nullable Object[] arguments,
				Method method) throws Throwable {
			CompletableFuture<@Nullable Object> reply = cluster.call(this.key, operation, arguments,
					ProxyActorClient.this.registry.settings().askTimeout());
			return switch (operation.kind()) {
				case ONE_WAY -> null;
				case ASYNC -> reply;
				default -> await(reply, method);
			};
		}

		private static boolean isDeclared(Method method, Throwable thrown) {
			for (Class<?> declared : method.getExceptionTypes()) {
				if (declared.isInstance(thrown)) {
					return true;
				}
			}
			return false;
		}

		private @Nullable Object notAnOperation(Object proxy, Method method, @Nullable Object @Nullable [] args)
				throws Throwable {
			if (method.isDefault()) {
				return InvocationHandler.invokeDefault(proxy, method, args);
			}
			return switch (method.getName()) {
				case "equals" -> args != null && args[0] != null && Proxy.isProxyClass(args[0].getClass())
						&& Proxy.getInvocationHandler(args[0]) instanceof ProxyActorClient<?, ?>.Bound other
						&& other.client().registry == ProxyActorClient.this.registry
						&& other.client().contract == ProxyActorClient.this.contract && other.key.equals(this.key);
				case "hashCode" -> Objects.hash(ProxyActorClient.this.registry.name(),
						ProxyActorClient.this.contract.type(), this.key);
				case "toString" -> ProxyActorClient.this.contract.type().getSimpleName() + "[registry '"
						+ ProxyActorClient.this.registry.name() + "', actor '"
						+ ActorRegistryException.keyText(this.key) + "']";
				default -> throw new UnsupportedOperationException(method.toString());
			};
		}

		private ProxyActorClient<K, I> client() {
			return ProxyActorClient.this;
		}

	}

}
