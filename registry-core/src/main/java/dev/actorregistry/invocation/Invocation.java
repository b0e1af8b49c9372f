package dev.actorregistry.invocation;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One call of an operation in the form that can be stored or sent: which actor, which
 * operation of which contract, the arguments as bytes (written by the registry's
 * {@link InvocationCodec}), and an id that names this call and no other, so that a
 * receiver can tell a call it applied already from a new one.
 *
 * @param id the call's id, unique across every registry and process
 * @param registry the name of the receiving actor's registry
 * @param key the receiving actor's key, as text ({@link String#valueOf})
 * @param contract the contract's interface, as its class name
 * @param operation the operation's name in its contract
 * @param arguments the encoded arguments; not copied, so do not change them
 */
public record Invocation(String id, String registry, String key, String contract, String operation, byte[] arguments) {

	/**
	 * Create an invocation.
	 * @param id the call's id
	 * @param registry the name of the receiving actor's registry
	 * @param key the receiving actor's key, as text
	 * @param contract the contract's interface, as its class name
	 * @param operation the operation's name
	 * @param arguments the encoded arguments
	 */
	public Invocation {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(registry, "registry must not be null");
		Objects.requireNonNull(key, "key must not be null");
		Objects.requireNonNull(contract, "contract must not be null");
		Objects.requireNonNull(operation, "operation must not be null");
		Objects.requireNonNull(arguments, "arguments must not be null");
	}

	/**
	 * A new call with a fresh random id.
	 * @param registry the name of the receiving actor's registry
	 * @param key the receiving actor's key, as text
	 * @param operation the operation
	 * @param arguments the encoded arguments
	 * @return the invocation
	 */
	public static Invocation of(String registry, String key, Operation operation, byte[] arguments) {
		return new Invocation(UUID.randomUUID().toString(), registry, key, operation.contract().getName(),
				operation.name(), arguments);
	}

	@Override
	public boolean equals(Object other) {
		return this == other
				|| (other instanceof Invocation that && this.id.equals(that.id) && this.registry.equals(that.registry)
						&& this.key.equals(that.key) && this.contract.equals(that.contract)
						&& this.operation.equals(that.operation) && Arrays.equals(this.arguments, that.arguments));
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

	@Override
	public String toString() {
		return "Invocation[" + this.id + ", " + this.registry + "/" + this.key + ", " + this.operation + ", "
				+ this.arguments.length + " bytes]";
	}

}
