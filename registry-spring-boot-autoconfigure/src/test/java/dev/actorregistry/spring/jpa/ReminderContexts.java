package dev.actorregistry.spring.jpa;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

import dev.actorregistry.autoconfigure.jpa.ActorsPersistenceAutoConfiguration;

/**
 * Applications for the reminder tests: JPA on a database and the persistence
 * auto-configuration, without Jackson, so without a state codec: reminders need none.
 * Each context stands for one application instance, with a persistence unit and a
 * connection pool of its own.
 */
final class ReminderContexts {

	private ReminderContexts() {
	}

	/**
	 * A context runner on a database. Hibernate only validates the tables, so they must
	 * come from the scripts in the jar.
	 * @param database the database
	 * @return the runner
	 */
	static ApplicationContextRunner on(TestDatabase.Instance database) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
							TransactionAutoConfiguration.class, ActorsPersistenceAutoConfiguration.class))
			.withPropertyValues(database.properties().toArray(String[]::new))
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate");
	}

}
