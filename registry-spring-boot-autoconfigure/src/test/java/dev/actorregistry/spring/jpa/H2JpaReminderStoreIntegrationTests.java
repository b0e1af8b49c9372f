package dev.actorregistry.spring.jpa;

/**
 * The JPA reminder store on H2.
 */
class H2JpaReminderStoreIntegrationTests extends JpaReminderStoreIntegrationTests {

	H2JpaReminderStoreIntegrationTests() {
		super(TestDatabase.H2);
	}

}
