package dev.actorregistry.spring.jpa;

import jakarta.persistence.EntityManagerFactory;

/**
 * Checks that the application's persistence unit holds a store's entities: an
 * {@code @EntityScan} replaces the packages Boot scans, and leaves them out unless it
 * names this package too.
 */
final class PersistenceUnitCheck {

	private PersistenceUnitCheck() {
	}

	/**
	 * Fail, saying how to fix it, if an entity is not in the persistence unit.
	 * @param entityManagerFactory the persistence unit
	 * @param store the store that needs the entities, named in the message
	 * @param what what the entities are, for the message: "actor state entities"
	 * @param withoutStore what setting {@code actors.persistence.enabled=false} gives up
	 * @param entities the entity classes
	 */
	static void requireEntities(EntityManagerFactory entityManagerFactory, Class<?> store, String what,
			String withoutStore, Class<?>... entities) {
		try {
			for (Class<?> entity : entities) {
				entityManagerFactory.getMetamodel().entity(entity);
			}
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The JPA persistence unit does not include the " + what + " of "
					+ store.getPackageName() + ". An @EntityScan of the application replaces the packages Boot scans: "
					+ "add this one, for example @EntityScan(basePackageClasses = { YourEntity.class, "
					+ store.getSimpleName() + ".class }), or set actors.persistence.enabled=false to " + withoutStore
					+ ".", ex);
		}
	}

}
