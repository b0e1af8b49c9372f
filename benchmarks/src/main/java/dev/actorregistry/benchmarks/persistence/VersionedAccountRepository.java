package dev.actorregistry.benchmarks.persistence;

import org.springframework.data.jpa.repository.JpaRepository;

/** The Spring Data repository of {@link VersionedAccount}. */
interface VersionedAccountRepository extends JpaRepository<VersionedAccount, Long> {

}
