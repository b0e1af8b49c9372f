package dev.actorregistry.invocation;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The answer that a durable send was refused: its receiver's operation threw. Delivered
 * durably to the sender's {@link RefusalHandler}, once, so that the sender can undo what
 * it did when it sent (a refund, say).
 *
 * @param invocation the invocation that was refused, as it was sent
 * @param operation the refused operation, resolved in the sender's contract
 * @param arguments the invocation's arguments, read back by the sender's codec
 * @param reason why it was refused: the exception's class name and its message
 * @param refusedAt when the receiver refused it
 */
public record Refusal(Invocation invocation, Operation operation, @Nullable Object[] arguments, String reason,
		Instant refusedAt) {

	/**
	 * Create a refusal.
	 * @param invocation the refused invocation
	 * @param operation its operation
	 * @param arguments its arguments
	 * @param reason why it was refused
	 * @param refusedAt when
	 */
	public Refusal {
		Objects.requireNonNull(invocation, "invocation must not be null");
		Objects.requireNonNull(operation, "operation must not be null");
		Objects.requireNonNull(arguments, "arguments must not be null");
		Objects.requireNonNull(reason, "reason must not be null");
		Objects.requireNonNull(refusedAt, "refusedAt must not be null");
	}

	/**
	 * Whether the refused call was of an operation of the given name.
	 * @param name an operation's name
	 * @return whether it is the refused one's
	 */
	public boolean isOf(String name) {
		return this.operation.name().equals(name);
	}

	/**
	 * One of the refused call's arguments, not null: a primitive parameter's comes boxed
	 * ({@code argument(0, long.class)} is a {@code Long}, unboxed where assigned).
	 * @param index the parameter's position, from 0
	 * @param type the parameter's class
	 * @param <T> the parameter's type
	 * @return the argument
	 * @throws IllegalStateException if the argument was null: read {@link #arguments} for
	 * an argument that may be
	 */
	public <T> T argument(int index, Class<T> type) {
		Object argument = this.arguments[index];
		if (argument == null) {
			throw new IllegalStateException(
					"Argument " + index + " of the refused " + this.operation + " is null; read it from arguments()");
		}
		return type.isPrimitive() ? wrap(type, argument) : type.cast(argument);
	}

	@SuppressWarnings("unchecked")
	private static <T> T wrap(Class<T> primitive, Object argument) {
		return (T) argument;
	}

}
