package dev.actorregistry.invocation;

import org.jspecify.annotations.Nullable;

/**
 * An actor interface that cannot be used as a contract, or one of its operations whose
 * arguments or result cannot be turned into bytes and back: thrown when the contract is
 * read or checked, at start-up in a Spring application, never at a call.
 */
public class ActorContractException extends IllegalArgumentException {

	/**
	 * Create an exception.
	 * @param contract the interface
	 * @param operation the operation concerned, or {@code null} for the whole interface
	 * @param problem what is wrong, without a closing period
	 * @param advice what to do about it, without a closing period
	 * @param cause the underlying failure, if any
	 */
	public ActorContractException(Class<?> contract, @Nullable String operation, String problem, String advice,
			@Nullable Throwable cause) {
		super("Actor interface " + contract.getName() + ((operation != null) ? ", operation '" + operation + "'" : "")
				+ ": " + problem + ". " + advice + ".", cause);
	}

}
