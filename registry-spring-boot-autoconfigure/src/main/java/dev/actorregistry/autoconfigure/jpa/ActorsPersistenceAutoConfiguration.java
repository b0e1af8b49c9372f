package dev.actorregistry.autoconfigure.jpa;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.jta.JtaTransactionManager;

import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.ActorsProperties;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.spring.jackson.JacksonStateCodec;
import dev.actorregistry.spring.jpa.ActorTablesInitializer;
import dev.actorregistry.spring.jpa.JpaReminderStore;
import dev.actorregistry.spring.jpa.JpaStateStore;
import dev.actorregistry.spring.jpa.StateCipher;

/**
 * Persists the state of actors that implement
 * {@link dev.actorregistry.persistence.PersistentActor}, and keeps durable
 * {@link dev.actorregistry.reminder.Reminder reminders}, in the application's database,
 * unless {@code actors.persistence.enabled} is false:
 * <ul>
 * <li>a {@link JacksonStateCodec} over the application's {@link JsonMapper}, when it has
 * one;</li>
 * <li>a {@link JpaStateStore} over the application's JPA {@link EntityManagerFactory},
 * whose entities join the persistence unit through Boot's auto-configuration packages (an
 * application with its own {@code @EntityScan} must add this package to it);</li>
 * <li>a {@link JpaReminderStore} over the same persistence unit;</li>
 * <li>an {@link ActorTablesInitializer} that creates the tables, as
 * {@code actors.persistence.initialize-schema} says.</li>
 * </ul>
 * The state store needs a codec, the application's or the JSON one: without either,
 * actors keep their state in memory only. The reminder store needs none: reminders are
 * plain columns. Each backs off when the application defines a bean of its type. It
 * declares no Spring Data repositories, so the application's own repository scanning is
 * untouched.
 */
@AutoConfiguration(before = ActorsAutoConfiguration.class,
		afterName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "actors.persistence.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ActorsProperties.class)
public final class ActorsPersistenceAutoConfiguration {

	/**
	 * The JSON codec, also for a state store of the application's own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JsonStateCodecConfiguration {

		@Bean
		@ConditionalOnMissingBean(StateCodec.class)
		@ConditionalOnBean(JsonMapper.class)
		JacksonStateCodec actorStateCodec(JsonMapper jsonMapper) {
			return new JacksonStateCodec(jsonMapper);
		}

	}

	/**
	 * The JPA stores and their tables: the reminder store always, the state store only
	 * with a codec.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ EntityManagerFactory.class, SharedEntityManagerCreator.class,
			DataSourceScriptDatabaseInitializer.class })
	@ConditionalOnSingleCandidate(EntityManagerFactory.class)
	@Import({ ActorStateEntityPackage.class, DatabaseInitializationDependencyConfigurer.class })
	static class JpaStoresConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReminderStore.class)
		JpaReminderStore actorReminderStore(EntityManagerFactory entityManagerFactory,
				ObjectProvider<PlatformTransactionManager> transactionManagers) {
			return new JpaReminderStore(entityManagerFactory,
					transactionManager(entityManagerFactory, transactionManagers.getIfUnique()));
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(DataSource.class)
		ActorTablesInitializer actorStateSchemaInitializer(DataSource dataSource, ActorsProperties properties) {
			return new ActorTablesInitializer(dataSource, properties.persistence().initializeSchema());
		}

		/**
		 * The application's transaction manager if it runs transactions of this
		 * persistence unit, else one of our own: the stores' transactions are their own
		 * anyway.
		 */
		static PlatformTransactionManager transactionManager(EntityManagerFactory entityManagerFactory,
				@Nullable PlatformTransactionManager candidate) {
			if ((candidate instanceof JpaTransactionManager jpa
					&& jpa.getEntityManagerFactory() == entityManagerFactory)
					|| candidate instanceof JtaTransactionManager) {
				return candidate;
			}
			JpaTransactionManager own = new JpaTransactionManager(entityManagerFactory);
			own.afterPropertiesSet();
			return own;
		}

		/**
		 * The JPA state store.
		 */
		@Configuration(proxyBeanMethods = false)
		@Conditional(StateCodecAvailable.class)
		static class JpaStateStoreConfiguration {

			@Bean
			@ConditionalOnMissingBean(StateStore.class)
			JpaStateStore actorStateStore(EntityManagerFactory entityManagerFactory,
					ObjectProvider<PlatformTransactionManager> transactionManagers, ActorsProperties properties) {
				ActorsProperties.Persistence persistence = properties.persistence();
				return new JpaStateStore(entityManagerFactory,
						transactionManager(entityManagerFactory, transactionManagers.getIfUnique()),
						persistence.history(),
						new StateCipher(persistence.encryption().decodedKeys(), persistence.encryption().activeKey()));
			}

		}

	}

	/**
	 * A store is of use only with a codec: the application's, or the JSON codec above.
	 * Without either, the registries keep states in memory rather than refuse to start.
	 */
	static class StateCodecAvailable extends AnyNestedCondition {

		StateCodecAvailable() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(StateCodec.class)
		static class ApplicationCodec {

		}

		@ConditionalOnBean(type = "tools.jackson.databind.json.JsonMapper")
		static class JsonCodec {

		}

	}

	/**
	 * Adds the entities' package to those Boot scans for the persistence unit, as Spring
	 * Modulith does for its event publication entities.
	 */
	static class ActorStateEntityPackage implements ImportBeanDefinitionRegistrar {

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			AutoConfigurationPackages.register(registry, JpaStateStore.class.getPackageName());
		}

	}

}
