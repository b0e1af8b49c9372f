package dev.actorregistry.autoconfigure.persistence;

/**
 * The JPA reminder store on H2.
 */
class H2JpaReminderStoreIntegrationTests extends JpaReminderStoreIntegrationTests {

	H2JpaReminderStoreIntegrationTests() {
		super(TestDatabase.H2);
	}

}
