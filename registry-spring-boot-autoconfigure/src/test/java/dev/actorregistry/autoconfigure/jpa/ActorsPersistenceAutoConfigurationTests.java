package dev.actorregistry.autoconfigure.jpa;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.autoconfigure.notes.Note;
import dev.actorregistry.autoconfigure.notes.NoteRepository;
import dev.actorregistry.autoconfigure.notes.NotesApplication;
import dev.actorregistry.autoconfigure.notes.OwnAndActorStateEntityScan;
import dev.actorregistry.autoconfigure.notes.OwnEntityScan;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.MissedTickPolicy;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderStore;
import dev.actorregistry.reminder.StoredReminder;
import dev.actorregistry.spring.jackson.JacksonStateCodec;
import dev.actorregistry.spring.jpa.ActorTablesInitializer;
import dev.actorregistry.spring.jpa.JpaReminderStore;
import dev.actorregistry.spring.jpa.JpaStateStore;
import dev.actorregistry.spring.jpa.TestDatabase;
import dev.actorregistry.spring.jpa.Wallets;
import dev.actorregistry.spring.jpa.Wallets.WalletActor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the persistence auto-configuration contributes, when it backs off, and how it
 * lives beside the application's own entities and repositories. On H2: the database makes
 * no difference here.
 */
class ActorsPersistenceAutoConfigurationTests {

	private static final Instant SOON = Instant.parse("2030-01-01T00:00:00Z");

	private TestDatabase.Instance database;

	@BeforeEach
	void createDatabase() {
		this.database = TestDatabase.H2.create();
	}

	@AfterEach
	void dropDatabase() {
		TestDatabase.H2.drop(this.database);
	}

	@Test
	void contributesAStoreACodecAndTheSchemaInitializer() {
		Wallets.on(this.database).run((context) -> {
			assertThat(context).hasSingleBean(JpaStateStore.class)
				.hasSingleBean(JacksonStateCodec.class)
				.hasSingleBean(ActorTablesInitializer.class);
			assertThat(context.getBean(StateStore.class)).isInstanceOf(JpaStateStore.class);
			assertThat(context.getBean(StateCodec.class)).isInstanceOf(JacksonStateCodec.class);
		});
	}

	@Test
	void contributesAReminderStoreThatKeepsRemindersInTheTableOfTheScripts() {
		Wallets.on(this.database).run((context) -> {
			assertThat(context).hasSingleBean(JpaReminderStore.class).hasSingleBean(ReminderStore.class);
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(StoredReminder.registered(Wallets.REGISTRY, "alice", Reminder.once("audit", SOON)));
			assertThat(store.list(Wallets.REGISTRY, "alice")).extracting(StoredReminder::name).containsExactly("audit");
			assertThat(this.database.jdbc().queryForObject("SELECT COUNT(*) FROM actor_reminder", Long.class)).isOne();
		});
	}

	@Test
	void theReminderStoreNeedsNoCodec() {
		Wallets.on(this.database).withClassLoader(new FilteredClassLoader(JsonMapper.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(StateCodec.class)
				.doesNotHaveBean(StateStore.class)
				.hasSingleBean(JpaReminderStore.class)
				.hasSingleBean(ActorTablesInitializer.class);
			ReminderStore store = context.getBean(ReminderStore.class);
			store.register(StoredReminder.registered(Wallets.REGISTRY, "alice", Reminder.once("audit", SOON)));
			assertThat(store.due(Wallets.REGISTRY, SOON, 10)).extracting(StoredReminder::key).containsExactly("alice");
		});
	}

	@Test
	void theApplicationsOwnReminderStoreWins() {
		Wallets.on(this.database).withUserConfiguration(OwnReminderStore.class).run((context) -> {
			assertThat(context).hasSingleBean(ReminderStore.class)
				.doesNotHaveBean(JpaReminderStore.class)
				.hasSingleBean(JpaStateStore.class);
			assertThat(context.getBean(ReminderStore.class)).isSameAs(context.getBean(OwnReminderStore.class).store);
		});
	}

	/**
	 * Hibernate's own table for reminders, as it makes one on an embedded database with
	 * Boot's defaults: the sizes of the scripts, and the index that serves due reminders.
	 */
	@Test
	void theReminderTableThatHibernateCreatesMatchesTheScripts() {
		Wallets.on(this.database).withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop").run((context) -> {
			ReminderStore store = context.getBean(ReminderStore.class);
			String key = "k".repeat(1000);
			String name = "n".repeat(Reminder.MAX_NAME_LENGTH);
			store.register(StoredReminder.registered("r".repeat(200), key,
					Reminder.every(name, SOON, Duration.ofDays(1)).withMissedTicks(MissedTickPolicy.CATCH_UP)));
			StoredReminder due = store.due("r".repeat(200), SOON, 10).get(0);
			assertThat(due.key()).isEqualTo(key);
			assertThat(due.name()).isEqualTo(name);
			StoredReminder claimed = store.claim(due, "instance-a", SOON.plusSeconds(30)).orElseThrow();
			assertThat(store.advance(claimed, SOON.plus(Duration.ofDays(1)), 1)).isTrue();
			assertThat(this.database.jdbc()
				.queryForList("SELECT LOWER(column_name) || ' ' || COALESCE(character_maximum_length, 0) || ' '"
						+ " || is_nullable FROM information_schema.columns WHERE LOWER(table_name) = 'actor_reminder'"
						+ " AND LOWER(column_name) IN ('registry', 'actor_key', 'name', 'missed_ticks', 'period_millis',"
						+ " 'lease_owner', 'lease_until', 'due_at')", String.class))
				.containsExactlyInAnyOrder("registry 200 NO", "actor_key 1000 NO", "name 200 NO", "missed_ticks 20 NO",
						"period_millis 0 YES", "lease_owner 300 YES", "lease_until 0 YES", "due_at 0 NO");
			assertThat(TestDatabase.H2.indexColumns(this.database, "actor_reminder_due_at")).containsExactly("registry",
					"due_at");
		});
	}

	@Test
	void theEntityManagerFactoryWaitsForTheSchemaScripts() {
		Wallets.on(this.database)
			.run((context) -> assertThat(
					context.getBeanFactory().getBeanDefinition("entityManagerFactory").getDependsOn())
				.contains("actorStateSchemaInitializer"));
	}

	/**
	 * An embedded database with Boot's defaults: Hibernate drops the tables the scripts
	 * made and creates its own from the entities. Those must take states of any size too.
	 */
	@Test
	void tablesThatHibernateCreatesTakeLargeStatesToo() {
		String large = "x".repeat(200_000);
		Wallets.on(this.database).withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop").run((context) -> {
			ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
			wallets.ask("alice", (wallet) -> wallet.note(large)).join();
			wallets.stop("alice").join();
			assertThat(wallets.ask("alice", WalletActor::wallet).join().note()).isEqualTo(large);
		});
	}

	@Test
	void contributesNothingWhenPersistenceIsDisabled() {
		Wallets.on(this.database).withPropertyValues("actors.persistence.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(StateStore.class)
				.doesNotHaveBean(StateCodec.class)
				.doesNotHaveBean(ReminderStore.class)
				.doesNotHaveBean(ActorTablesInitializer.class);
			assertThat(this.database.tables()).isEmpty();
		});
	}

	@Test
	void withoutJpaThereIsNoStoreButStillACodec() {
		Wallets.on(this.database)
			.withClassLoader(new FilteredClassLoader(EntityManager.class, EntityManagerFactory.class))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(StateStore.class)
					.doesNotHaveBean(ReminderStore.class)
					.doesNotHaveBean(ActorTablesInitializer.class)
					.hasSingleBean(JacksonStateCodec.class);
				// the actors run, keeping their state in memory
				assertThat(Wallets.registry(context).ask("alice", (wallet) -> wallet.deposit(1)).join()).isEqualTo(1);
			});
	}

	@Test
	void withoutACodecThereIsNoStoreAndTheApplicationStillStarts() {
		Wallets.on(this.database).withClassLoader(new FilteredClassLoader(JsonMapper.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(StateCodec.class).doesNotHaveBean(StateStore.class);
			assertThat(Wallets.registry(context).ask("alice", (wallet) -> wallet.deposit(1)).join()).isEqualTo(1);
		});
	}

	@Test
	void withTheApplicationsOwnCodecAndNoJacksonTheStoreIsThere() {
		Wallets.on(this.database)
			.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.withUserConfiguration(OwnCodec.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(JpaStateStore.class);
				assertThat(context.getBean(StateCodec.class)).isSameAs(context.getBean(OwnCodec.class).codec);
			});
	}

	@Test
	void theApplicationsOwnStoreAndCodecWin() {
		Wallets.on(this.database).withUserConfiguration(OwnStore.class, OwnCodec.class).run((context) -> {
			assertThat(context).hasSingleBean(StateStore.class)
				.hasSingleBean(StateCodec.class)
				.doesNotHaveBean(JpaStateStore.class)
				.doesNotHaveBean(JacksonStateCodec.class);
			ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
			wallets.ask("alice", (wallet) -> wallet.deposit(3)).join();
			wallets.stop("alice").join();
			assertThat(context.getBean(OwnStore.class).store.load(Wallets.REGISTRY, "alice")).isPresent();
		});
	}

	@Test
	void theApplicationsEntitiesAndRepositoriesWorkBesideTheStore() {
		this.database.jdbc().execute(Note.SCHEMA);
		Wallets.on(this.database)
			.withConfiguration(AutoConfigurations.of(DataJpaRepositoriesAutoConfiguration.class))
			.withUserConfiguration(NotesApplication.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(NoteRepository.class).hasSingleBean(JpaStateStore.class);
				NoteRepository notes = context.getBean(NoteRepository.class);
				notes.save(new Note("kept"));
				assertThat(notes.findAll()).extracting(Note::text).containsExactly("kept");
				ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
				wallets.ask("alice", (wallet) -> wallet.deposit(3)).join();
				wallets.stop("alice").join();
				assertThat(context.getBean(StateStore.class).load(Wallets.REGISTRY, "alice")).isPresent();
			});
	}

	@Test
	void anEntityScanWithoutTheStoresPackageFailsStartupSayingWhatToAdd() {
		this.database.jdbc().execute(Note.SCHEMA);
		Wallets.on(this.database)
			.withUserConfiguration(NotesApplication.class, OwnEntityScan.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("@EntityScan")
				.hasMessageContaining(JpaStateStore.class.getPackageName())
				.hasMessageContaining("actors.persistence.enabled=false"));
	}

	@Test
	void anEntityScanWithoutTheStoresPackageFailsStartupForTheReminderStoreAloneToo() {
		this.database.jdbc().execute(Note.SCHEMA);
		Wallets.on(this.database)
			.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.withUserConfiguration(NotesApplication.class, OwnEntityScan.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("actor reminder entity")
				.hasMessageContaining("@EntityScan")
				.hasMessageContaining(JpaReminderStore.class.getPackageName())
				.hasMessageContaining("actors.persistence.enabled=false"));
	}

	@Test
	void anEntityScanWithTheStoresPackageWorks() {
		this.database.jdbc().execute(Note.SCHEMA);
		Wallets.on(this.database)
			.withUserConfiguration(NotesApplication.class, OwnAndActorStateEntityScan.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(JpaStateStore.class).hasSingleBean(JpaReminderStore.class);
				Wallets.registry(context).ask("alice", (wallet) -> wallet.deposit(3)).join();
				Wallets.registry(context).stop("alice").join();
				assertThat(context.getBean(StateStore.class).load(Wallets.REGISTRY, "alice")).isPresent();
			});
	}

	@Test
	void anInvalidEncryptionKeyFailsStartupWithoutShowingTheKey() {
		String invalid = "c2hvcnQ=";
		Wallets.on(this.database)
			.withPropertyValues("actors.persistence.encryption.keys.k1=" + invalid)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("actors.persistence.encryption.keys.k1")
				.hasMessageNotContaining(invalid)
				.satisfies((ex) -> assertThat(Arrays.toString(ex.getStackTrace())).doesNotContain(invalid)));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnReminderStore {

		final InMemoryReminderStore store = new InMemoryReminderStore();

		@Bean
		InMemoryReminderStore ownReminderStore() {
			return this.store;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		final InMemoryStateStore store = new InMemoryStateStore();

		@Bean
		InMemoryStateStore ownStateStore() {
			return this.store;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCodec {

		/** The application's own, which only delegates to a JSON codec here. */
		final StateCodec codec = new StateCodec() {

			private final StateCodec json = new JacksonStateCodec(JsonMapper.builder().build());

			@Override
			public byte[] encode(Object state) {
				return this.json.encode(state);
			}

			@Override
			public <S> S decode(byte[] data, Class<S> type) {
				return this.json.decode(data, type);
			}

		};

		@Bean
		StateCodec ownStateCodec() {
			return this.codec;
		}

	}

}
