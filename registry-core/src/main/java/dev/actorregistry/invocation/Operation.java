package dev.actorregistry.invocation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * One operation of an actor's contract: an abstract method of an {@link ActorInterface
 * actor interface}, found by its name.
 */
public final class Operation {

	private final Class<?> contract;

	private final Method method;

	private final List<Type> parameterTypes;

	private final List<String> parameterNames;

	private final Type resultType;

	private final Kind kind;

	private final boolean reentrant;

	private final boolean interleaved;

	/** The method as {@code (Object actor, Object[] arguments) Object}. */
	private final MethodHandle invoker;

	Operation(Class<?> contract, Method method, MethodHandles.Lookup lookup) throws IllegalAccessException {
		this.contract = contract;
		this.method = method;
		this.parameterTypes = List.of(method.getGenericParameterTypes());
		this.parameterNames = Arrays.stream(method.getParameters()).map(Parameter::getName).toList();
		this.kind = kindOf(method);
		this.resultType = resultTypeOf(method, this.kind);
		this.reentrant = method.isAnnotationPresent(Reentrant.class) || contract.isAnnotationPresent(Reentrant.class)
				|| method.getDeclaringClass().isAnnotationPresent(Reentrant.class);
		this.interleaved = method.isAnnotationPresent(Interleave.class);
		if (this.interleaved && this.kind == Kind.ONE_WAY) {
			throw new ActorContractException(contract, method.getName(), "a one-way operation is marked @Interleave",
					"Remove @Interleave: a one-way call never waits, so it never needs to run while the actor's async "
							+ "turn is suspended; or give the operation a reply",
					null);
		}
		this.invoker = lookup.unreflect(method)
			.asType(MethodType.genericMethodType(method.getParameterCount() + 1))
			.asSpreader(Object[].class, method.getParameterCount());
	}

	/**
	 * The interface that declares this operation.
	 * @return the contract
	 */
	public Class<?> contract() {
		return this.contract;
	}

	/**
	 * The operation's name, unique in its contract: the method's name.
	 * @return the name
	 */
	public String name() {
		return this.method.getName();
	}

	/**
	 * The interface method.
	 * @return the method
	 */
	public Method method() {
		return this.method;
	}

	/**
	 * The types of the arguments, with their type arguments.
	 * @return the parameter types, in order
	 */
	public List<Type> parameterTypes() {
		return this.parameterTypes;
	}

	/**
	 * The parameters' names, as compiled: {@code arg0}, {@code arg1}, ... unless the
	 * interface was compiled with {@code -parameters}.
	 * @return the names, in order
	 */
	public List<String> parameterNames() {
		return this.parameterNames;
	}

	/**
	 * The type of the reply: the method's return type, or the type argument of the
	 * {@link CompletionStage} it returns; {@code void} for a one-way operation.
	 * @return the result type
	 */
	public Type resultType() {
		return this.resultType;
	}

	/**
	 * How a call of this operation waits for its reply.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * Whether a call of this operation that comes back to the actor within the call chain
	 * of its suspended async turn runs interleaved with it rather than failing: the
	 * operation or its contract is {@link Reentrant @Reentrant}.
	 * @return true if it is reentrant
	 */
	public boolean reentrant() {
		return this.reentrant;
	}

	/**
	 * Whether a call of this operation may run while the actor is suspended in an async
	 * turn: it is {@link Interleave @Interleave}.
	 * @return true if it may always interleave
	 */
	public boolean interleaved() {
		return this.interleaved;
	}

	/**
	 * Run this operation on an actor, in the actor's turn.
	 * @param actor the actor, an instance of the contract
	 * @param arguments the arguments, as many as the operation has parameters
	 * @return what the actor's method returned
	 * @throws Throwable whatever the actor's method threw
	 */
	public @Nullable Object invoke(Object actor, @Nullable Object[] arguments) throws Throwable {
		return (Object) this.invoker.invokeExact(actor, arguments);
	}

	@Override
	public String toString() {
		return this.contract.getSimpleName() + "." + name();
	}

	private static Kind kindOf(Method method) {
		Class<?> returned = method.getReturnType();
		if (returned == void.class) {
			return Kind.ONE_WAY;
		}
		return CompletionStage.class.isAssignableFrom(returned) ? Kind.ASYNC : Kind.BLOCKING;
	}

	private static Type resultTypeOf(Method method, Kind kind) {
		if (kind == Kind.ONE_WAY) {
			return void.class;
		}
		Type returned = method.getGenericReturnType();
		if (kind == Kind.ASYNC) {
			if (returned instanceof ParameterizedType parameterized) {
				return parameterized.getActualTypeArguments()[0];
			}
			throw new ActorContractException(method.getDeclaringClass(), method.getName(),
					"it returns a raw " + method.getReturnType().getSimpleName(),
					"Give the completion stage its result type, for example CompletableFuture<Balance>", null);
		}
		return returned;
	}

	/** How a call of an operation waits for its reply. */
	public enum Kind {

		/** The caller waits for the reply, up to the registry's ask timeout. */
		BLOCKING,

		/**
		 * The call returns at once a stage that completes with the reply; the actor's
		 * method runs as one async turn, which lasts until the stage it returns completes
		 * ({@link dev.actorregistry.ActorRegistry#askAsync}).
		 */
		ASYNC,

		/** A one-way send: the call returns at once, and there is no reply. */
		ONE_WAY

	}

}
