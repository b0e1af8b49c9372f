package dev.actorregistry.spring.jpa;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * The runtime hints of the JPA stores: the schema scripts {@link ActorTablesInitializer}
 * reads from the jar, and the entities, which Hibernate reads and writes by reflection.
 * Spring's AOT processing registers the entities of the persistence unit too; these hints
 * hold even when an application builds its persistence unit another way.
 */
class ActorsPersistenceRuntimeHints implements RuntimeHintsRegistrar {

	/** The schema scripts, for every database. */
	static final String SCHEMA_PATTERN = "dev/actorregistry/spring/jpa/schema-*.sql";

	private static final Class<?>[] ENTITIES = { ActorStateEntity.class, ActorStateId.class,
			ActorStateRevisionEntity.class, ActorStateRevisionEntity.Id.class, ActorOutboxEntity.class,
			ActorInboxEntity.class, ActorInboxEntity.Id.class, ActorReminderEntity.class, ActorReminderId.class };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(SCHEMA_PATTERN);
		if (!ClassUtils.isPresent("jakarta.persistence.Entity", classLoader)) {
			return;
		}
		for (Class<?> entity : ENTITIES) {
			hints.reflection()
				.registerType(entity, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
						MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
		}
	}

}
