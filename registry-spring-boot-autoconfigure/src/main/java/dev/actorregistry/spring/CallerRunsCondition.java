package dev.actorregistry.spring;

import java.util.function.BooleanSupplier;

import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

import dev.actorregistry.ActorRegistryBuilder;

/**
 * Where a caller blocked on a reply may run the actor's turn itself
 * ({@link ActorRegistryBuilder#callerRuns}) in a Spring application: not on a thread that
 * holds transactional state. A thread inside a transaction, or with a connection or an
 * {@code EntityManager} bound to it (open-session-in-view binds one to every request
 * thread), would hand it to the actor's message: the message's database work would join
 * the caller's transaction, and the state store's save would commit, or roll back, with
 * it. On the actors' own threads it never does, so there the turn stays.
 */
public final class CallerRunsCondition implements BooleanSupplier {

	private static final boolean TRANSACTIONS = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			CallerRunsCondition.class.getClassLoader());

	private static final CallerRunsCondition INSTANCE = new CallerRunsCondition();

	private CallerRunsCondition() {
	}

	/**
	 * The condition for this application's class path: without Spring's transaction
	 * support nothing transactional is bound to threads, and every blocked caller may run
	 * the turn.
	 * @return the condition
	 */
	public static BooleanSupplier get() {
		return TRANSACTIONS ? INSTANCE : () -> true;
	}

	@Override
	public boolean getAsBoolean() {
		return !TransactionSynchronizationManager.isSynchronizationActive()
				&& !TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.getResourceMap().isEmpty();
	}

}
