package dev.actorregistry.spring.jpa;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.autoconfigure.jpa.ActorsPersistenceAutoConfiguration;

/**
 * Application contexts that stay open for a whole test, for the store contract tests,
 * which ask for a store rather than run a callback: each context is one application
 * instance with JPA on a database and the persistence auto-configuration, as
 * {@link ReminderContexts} makes them, and all close together.
 */
final class OpenContexts implements AutoCloseable {

	private final List<ConfigurableApplicationContext> open = new ArrayList<>();

	/**
	 * Open a context on a database. Hibernate only validates the tables, so they must
	 * come from the scripts in the jar.
	 * @param database the database
	 * @return the context, refreshed
	 */
	ConfigurableApplicationContext open(TestDatabase.Instance database) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		TestPropertyValues.of(database.properties()).and("spring.jpa.hibernate.ddl-auto=validate").applyTo(context);
		context.register(Application.class);
		this.open.add(context);
		context.refresh();
		return context;
	}

	@Override
	public void close() {
		this.open.forEach(ConfigurableApplicationContext::close);
		this.open.clear();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
			TransactionAutoConfiguration.class, ActorsPersistenceAutoConfiguration.class })
	static class Application {

	}

}
