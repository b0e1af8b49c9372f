package dev.actorregistry.spring.jpa;

/**
 * The JPA state store on H2.
 */
class H2JpaStateStoreIntegrationTests extends JpaStateStoreIntegrationTests {

	H2JpaStateStoreIntegrationTests() {
		super(TestDatabase.H2);
	}

}
