package dev.actorregistry.benchmarks.persistence;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The Spring Data repository of {@link LockedAccount}, with a locking read. */
interface LockedAccountRepository extends JpaRepository<LockedAccount, Long> {

	/**
	 * Read an account and lock its row until the transaction ends.
	 * @param id the account's id
	 * @return the account, if it exists
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from LockedAccount a where a.id = :id")
	Optional<LockedAccount> findForUpdate(Long id);

}
