package dev.actorregistry.invocation;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * An actor interface read as a contract: its operations, each found by its name. Read
 * once per interface and kept.
 * <p>
 * An interface is a contract if it is an interface, every abstract method of it (those it
 * inherits included) has a name no other has, and no abstract method declares type
 * parameters of its own: an operation is found by its name alone when it is stored or
 * sent, and its argument types must be known without a call site.
 *
 * @param <I> the interface
 */
public final class ActorContract<I> {

	private static final ClassValue<ActorContract<?>> CONTRACTS = new ClassValue<>() {

		@Override
		protected ActorContract<?> computeValue(Class<?> type) {
			return new ActorContract<>(type);
		}

	};

	private final Class<I> type;

	private final List<Operation> operations;

	private final Map<String, Operation> byName;

	private final Map<Method, Operation> byMethod;

	private ActorContract(Class<I> type) {
		if (!type.isInterface() || type.isAnnotation()) {
			throw new ActorContractException(type, null, "it is not an interface",
					"Declare the operations of an actor in an interface that the actor's class implements", null);
		}
		MethodHandles.Lookup lookup = lookupIn(type);
		List<Operation> found = new ArrayList<>();
		Map<String, Operation> names = new HashMap<>();
		Map<Method, Operation> methods = new HashMap<>();
		List<Method> abstractMethods = new ArrayList<>();
		for (Method method : type.getMethods()) {
			if (Modifier.isAbstract(method.getModifiers()) && !isObjectMethod(method)) {
				abstractMethods.add(method);
			}
		}
		abstractMethods.sort(Comparator.comparing(Method::getName));
		for (Method method : abstractMethods) {
			if (method.getTypeParameters().length > 0) {
				throw new ActorContractException(type, method.getName(), "it declares type parameters of its own",
						"Give the operation concrete parameter and result types, so that a stored or sent call"
								+ " can be read back",
						null);
			}
			Operation operation = operation(type, method, lookup);
			if (names.putIfAbsent(operation.name(), operation) != null) {
				throw new ActorContractException(type, method.getName(), "another operation has the same name",
						"Give each operation a name of its own: a stored or sent call names its operation only", null);
			}
			methods.put(method, operation);
			found.add(operation);
		}
		this.type = type;
		this.operations = Collections.unmodifiableList(found);
		this.byName = Map.copyOf(names);
		this.byMethod = Map.copyOf(methods);
	}

	/**
	 * The contract an interface describes, read on first use and kept.
	 * @param <I> the interface
	 * @param type the interface
	 * @return its contract
	 * @throws ActorContractException if the interface is not a contract
	 */
	@SuppressWarnings("unchecked")
	public static <I> ActorContract<I> of(Class<I> type) {
		Objects.requireNonNull(type, "type must not be null");
		return (ActorContract<I>) CONTRACTS.get(type);
	}

	/**
	 * The interface.
	 * @return the interface
	 */
	public Class<I> type() {
		return this.type;
	}

	/**
	 * The operations, ordered by name.
	 * @return the operations
	 */
	public List<Operation> operations() {
		return this.operations;
	}

	/**
	 * The operation of a name.
	 * @param name the name
	 * @return the operation, if the contract has one of that name
	 */
	public Optional<Operation> operation(String name) {
		return Optional.ofNullable(this.byName.get(name));
	}

	/**
	 * The operation a method of the interface is.
	 * @param method a method of the interface
	 * @return the operation, or null if the method is not one (a default method, or one
	 * of {@link Object})
	 */
	public @Nullable Operation operation(Method method) {
		return this.byMethod.get(method);
	}

	@Override
	public String toString() {
		return "ActorContract[" + this.type.getName() + "]";
	}

	private static Operation operation(Class<?> type, Method method, MethodHandles.Lookup lookup) {
		try {
			return new Operation(type, method, lookup);
		}
		catch (IllegalAccessException ex) {
			throw new ActorContractException(type, method.getName(), "the registry may not call it",
					"Make the interface public, or open its package to the module dev.actorregistry", ex);
		}
	}

	private static MethodHandles.Lookup lookupIn(Class<?> type) {
		try {
			return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
		}
		catch (IllegalAccessException ex) {
			return MethodHandles.publicLookup();
		}
	}

	private static boolean isObjectMethod(Method method) {
		try {
			Object.class.getMethod(method.getName(), method.getParameterTypes());
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

}
