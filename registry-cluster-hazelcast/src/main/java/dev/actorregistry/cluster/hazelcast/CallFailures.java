package dev.actorregistry.cluster.hazelcast;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import com.hazelcast.spi.exception.TargetNotMemberException;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.cluster.RemoteCallException;
import dev.actorregistry.cluster.RemoteCallException.Kind;
import dev.actorregistry.invocation.Invocation;

/**
 * What a routed call that gave no result means for its caller: one place that decides
 * whether the call may have run (then it must not be tried again by the registry) or
 * surely did not.
 */
final class CallFailures {

	private CallFailures() {
	}

	static RemoteCallException notRun(Invocation invocation, String member, String why, @Nullable Throwable cause) {
		return new RemoteCallException(invocation.registry(), invocation.key(), Kind.NOT_RUN, null,
				"its call " + invocation.operation() + " was not run on member " + member + ": " + why,
				"Try again: the key's owner may have changed or be starting", cause);
	}

	static RemoteCallException outcomeUnknown(Invocation invocation, String member, String why,
			@Nullable Throwable cause) {
		return new RemoteCallException(invocation.registry(), invocation.key(), Kind.OUTCOME_UNKNOWN, null,
				"its call " + invocation.operation() + " to member " + member + " may or may not have run: " + why,
				"Check the actor's state before calling again, or make the operation safe to repeat", cause);
	}

	/**
	 * A failure Hazelcast reported for a task it was handed.
	 * @param invocation the invocation
	 * @param member the target member's id
	 * @param failure what Hazelcast reported
	 * @return the exception for the caller
	 */
	static RemoteCallException afterSending(Invocation invocation, String member, Throwable failure) {
		Throwable cause = unwrap(failure);
		if (cause instanceof TargetNotMemberException) {
			// Checked before the task leaves this member (and before each of Hazelcast's
			// retries, which it makes only for tasks that did not start).
			return notRun(invocation, member, "it is no longer a member of the cluster", cause);
		}
		if (cause instanceof RejectedExecutionException) {
			return notRun(invocation, member, "its executor refused the call (shut down or full)", cause);
		}
		// MemberLeftException, HazelcastInstanceNotActiveException,
		// IndeterminateOperationStateException, OperationTimeoutException, a response
		// that
		// could not be read: the task may have run. Anything unforeseen is treated alike,
		// as reporting "not run" for a call that ran would invite running it twice.
		return outcomeUnknown(invocation, member,
				"the member did not answer (" + cause.getClass().getSimpleName() + ")", cause);
	}

	/**
	 * The failure the owning member's registry reported, raised again on the caller with
	 * the same kind.
	 * @param invocation the invocation
	 * @param member the member that ran it
	 * @param kind what became of it there
	 * @param remoteType the class name of what was thrown there, if known
	 * @param message its message there
	 * @return the exception for the caller
	 */
	static RemoteCallException fromMember(Invocation invocation, String member, Kind kind, @Nullable String remoteType,
			String message) {
		String advice = switch (kind) {
			case NOT_RUN -> "Try again: the key's owner may have changed";
			case OUTCOME_UNKNOWN -> "Check the actor's state before calling again";
			case FAILED -> "The operation itself failed; see the owning member's log for its cause";
		};
		return new RemoteCallException(invocation.registry(), invocation.key(), kind, remoteType,
				"its call " + invocation.operation() + " on member " + member + " reported: " + message, advice, null);
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
