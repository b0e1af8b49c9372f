package dev.actorregistry.spring.jpa;

/**
 * The JPA reminder store on a real PostgreSQL server.
 */
class PostgresJpaReminderStoreIntegrationTests extends JpaReminderStoreIntegrationTests {

	PostgresJpaReminderStoreIntegrationTests() {
		super(TestDatabase.POSTGRESQL);
	}

}
