package dev.actorregistry.spring.jpa;

/**
 * Durable reminders end to end on a real PostgreSQL server.
 */
class PostgresJpaReminderDeliveryIntegrationTests extends JpaReminderDeliveryIntegrationTests {

	PostgresJpaReminderDeliveryIntegrationTests() {
		super(TestDatabase.POSTGRESQL);
	}

}
