package dev.actorregistry.spring.jpa;

/**
 * Durable reminders end to end on H2.
 */
class H2JpaReminderDeliveryIntegrationTests extends JpaReminderDeliveryIntegrationTests {

	H2JpaReminderDeliveryIntegrationTests() {
		super(TestDatabase.H2);
	}

}
