package dev.actorregistry.invocation;

import org.jspecify.annotations.Nullable;

/**
 * Turns the arguments and results of operations into bytes and back, so that a call can
 * be stored or sent: the SPI a serialization library implements (the Spring Boot
 * auto-configuration provides one on the application's JSON mapper). The registry's core
 * has none of its own.
 */
public interface InvocationCodec {

	/**
	 * Check, before any call, that the arguments and the result of an operation can be
	 * written and read back.
	 * @param operation the operation
	 * @throws ActorContractException naming the parameter or the result that cannot, and
	 * why
	 */
	void check(Operation operation);

	/**
	 * Write a call's arguments.
	 * @param operation the operation
	 * @param arguments its arguments, as many as it has parameters
	 * @return the bytes
	 */
	byte[] encodeArguments(Operation operation, @Nullable Object[] arguments);

	/**
	 * Read a call's arguments back.
	 * @param operation the operation
	 * @param data what {@link #encodeArguments} wrote
	 * @return the arguments, of the operation's parameter types
	 */
	@Nullable Object[] decodeArguments(Operation operation, byte[] data);

	/**
	 * Write a call's result.
	 * @param operation the operation
	 * @param result the result, of the operation's {@link Operation#resultType() result
	 * type}
	 * @return the bytes
	 */
	byte[] encodeResult(Operation operation, @Nullable Object result);

	/**
	 * Read a call's result back.
	 * @param operation the operation
	 * @param data what {@link #encodeResult} wrote
	 * @return the result
	 */
	@Nullable Object decodeResult(Operation operation, byte[] data);

}
