package dev.actorregistry.spring.jpa;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The schema initializer on its own, on H2: what it does for a database the jar has no
 * script for.
 */
class ActorTablesInitializerTests {

	private TestDatabase.Instance database;

	private DataSource dataSource;

	@BeforeEach
	void createDatabase() {
		this.database = TestDatabase.H2.create();
		this.dataSource = new DriverManagerDataSource(this.database.url(), this.database.username(),
				this.database.password());
	}

	@AfterEach
	void dropDatabase() {
		TestDatabase.H2.drop(this.database);
	}

	@Test
	void aDatabaseWithoutAScriptFailsSayingWhatToDoWhenAskedToCreateTables() {
		ActorTablesInitializer initializer = new ActorTablesInitializer(this.dataSource,
				DatabaseInitializationMode.ALWAYS, "mysql");
		assertThatIllegalStateException().isThrownBy(initializer::initializeDatabase)
			.withMessageContaining("schema-mysql.sql does not exist")
			.withMessageContaining("actors.persistence.initialize-schema=never");
	}

	@Test
	void aDatabaseWithoutAScriptIsLeftAloneWhenNotAskedToCreateTables() {
		assertThat(new ActorTablesInitializer(this.dataSource, DatabaseInitializationMode.NEVER, "mysql")
			.initializeDatabase()).isFalse();
		assertThat(this.database.tables()).isEmpty();
	}

	@Test
	void aServerDatabaseWithoutAScriptIsLeftAloneByTheDefaultEmbeddedMode() {
		// the default on a database such as MySQL: not embedded, so nothing to create
		TestDatabase.Instance server = TestDatabase.POSTGRESQL.create();
		try {
			assertThat(new ActorTablesInitializer(server.jdbc().getDataSource(), DatabaseInitializationMode.EMBEDDED,
					"mysql")
				.initializeDatabase()).isFalse();
		}
		finally {
			TestDatabase.POSTGRESQL.drop(server);
		}
	}

	@Test
	void theScriptOfThePlatformCreatesTheTables() {
		assertThat(new ActorTablesInitializer(this.dataSource, DatabaseInitializationMode.ALWAYS).initializeDatabase())
			.isTrue();
		assertThat(this.database.tables()).containsExactlyInAnyOrder("actor_state", "actor_state_history");
	}

}
