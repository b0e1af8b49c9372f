package dev.actorregistry.internal;

import dev.actorregistry.invocation.ActorContract;
import dev.actorregistry.invocation.Invocation;
import dev.actorregistry.invocation.Operation;

/**
 * Finds the operation an invocation names, on the receiving side of a durable send or a
 * routed call: its contract by class name, in the class loader the registry was built in.
 */
final class InvokedOperations {

	private final ClassLoader classLoader;

	/**
	 * @param classLoader where the contracts are
	 */
	InvokedOperations(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	/** The class loader of the thread building a registry, else the factory's. */
	static InvokedOperations of(RegistryConfig<?, ?> config) {
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		return new InvokedOperations((loader != null) ? loader : config.factory().getClass().getClassLoader());
	}

	/**
	 * The operation an invocation names.
	 * @throws IllegalStateException if its contract or operation is not here
	 */
	Operation of(Invocation invocation) {
		Class<?> type;
		try {
			type = Class.forName(invocation.contract(), false, this.classLoader);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("no contract " + invocation.contract(), ex);
		}
		return ActorContract.of(type)
			.operation(invocation.operation())
			.orElseThrow(() -> new IllegalStateException(
					"no operation " + invocation.operation() + " in " + invocation.contract()));
	}

}
