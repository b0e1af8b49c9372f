package dev.actorregistry.spring.jpa;

/**
 * The JPA state store on a real PostgreSQL server.
 */
class PostgresJpaStateStoreIntegrationTests extends JpaStateStoreIntegrationTests {

	PostgresJpaStateStoreIntegrationTests() {
		super(TestDatabase.POSTGRESQL);
	}

}
