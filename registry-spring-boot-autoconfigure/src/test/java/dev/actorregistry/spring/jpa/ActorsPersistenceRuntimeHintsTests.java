package dev.actorregistry.spring.jpa;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints of the JPA stores: the schema scripts in the jar and the entities.
 */
class ActorsPersistenceRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	ActorsPersistenceRuntimeHintsTests() {
		new ActorsPersistenceRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void schemaScriptsOfEveryDatabaseAreResources() {
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/actorregistry/spring/jpa/schema-h2.sql"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/actorregistry/spring/jpa/schema-postgresql.sql"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/actorregistry/spring/jpa/other.txt"))
			.rejects(this.hints);
	}

	@Test
	void entitiesAndTheirIdsAreReflectable() {
		for (Class<?> type : new Class<?>[] { ActorStateEntity.class, ActorStateId.class,
				ActorStateRevisionEntity.class, ActorStateRevisionEntity.Id.class, ActorOutboxEntity.class,
				ActorInboxEntity.class, ActorInboxEntity.Id.class, ActorReminderEntity.class, ActorReminderId.class }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(type)
				.withMemberCategories(MemberCategory.ACCESS_DECLARED_FIELDS,
						MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
				.as(type.getName())
				.accepts(this.hints);
		}
	}

	@Test
	void aotFactoriesContributeThem() {
		assertThat(AotServices.factories(getClass().getClassLoader()).load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(ActorsPersistenceRuntimeHints.class);
	}

}
