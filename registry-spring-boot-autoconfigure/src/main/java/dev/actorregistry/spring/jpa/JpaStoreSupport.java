package dev.actorregistry.spring.jpa;

import java.sql.SQLException;

import jakarta.persistence.EntityExistsException;
import jakarta.persistence.OptimisticLockException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the JPA state store and the JPA reminder store share: the limits of their tables'
 * columns, their transactions, and how a failure tells that another writer got there
 * first.
 */
final class JpaStoreSupport {

	/** The longest registry name the tables take. */
	static final int MAX_REGISTRY_LENGTH = 200;

	/** The longest actor key, as text, the tables take. */
	static final int MAX_KEY_LENGTH = 1000;

	/**
	 * The longest id of a durable send or invocation the tables take: the registry makes
	 * UUIDs, 36 characters.
	 */
	static final int MAX_SEND_ID_LENGTH = 100;

	/** The longest contract, a class name, the tables take; as long as a state type. */
	static final int MAX_CONTRACT_LENGTH = 500;

	/** The longest operation name the tables take. */
	static final int MAX_OPERATION_LENGTH = 200;

	/**
	 * The longest refusal text in tables that Hibernate creates: H2's longest
	 * {@code VARCHAR}, what the H2 script's column takes too; PostgreSQL's takes any.
	 */
	static final int MAX_REFUSAL_LENGTH = 1_000_000;

	private JpaStoreSupport() {
	}

	/**
	 * A transaction of its own for each store call, whatever transaction the caller's
	 * thread may have: a save or a claim must commit when the call returns.
	 * @param transactionManager the application's transaction manager
	 * @param readOnly whether the calls only read
	 * @return the template
	 */
	static TransactionTemplate transactions(PlatformTransactionManager transactionManager, boolean readOnly) {
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		transactions.setReadOnly(readOnly);
		return transactions;
	}

	/**
	 * Whether a failure says another writer got there first: the version check failed, or
	 * an insert collided with a row inserted meanwhile.
	 * @param ex the failure
	 * @return whether it is such a conflict
	 */
	static boolean isConflict(RuntimeException ex) {
		RuntimeException translated = EntityManagerFactoryUtils.convertJpaAccessExceptionIfPossible(ex);
		if (translated instanceof OptimisticLockingFailureException || translated instanceof DuplicateKeyException) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof OptimisticLockException || cause instanceof EntityExistsException
					|| cause instanceof OptimisticLockingFailureException || cause instanceof DuplicateKeyException) {
				return true;
			}
			// 23505: unique violation, the same code on PostgreSQL, H2 and most others
			if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

}
