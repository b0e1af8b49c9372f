package dev.actorregistry.spring.jpa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.actorregistry.test.Waits;

/**
 * A kind of database the store is tested on, handing out a fresh, empty database for each
 * test so that tests never see each other's rows.
 */
public abstract class TestDatabase {

	/** H2 in memory, kept until the JVM exits so that a second context finds its rows. */
	public static final TestDatabase H2 = new TestDatabase() {

		@Override
		public Instance create() {
			// A lock wait longer than H2's default of 1s, as a server's would be: the
			// races
			// hold a lock until the test has seen the store's session wait for it, which
			// a busy machine may take long to see.
			String url = "jdbc:h2:mem:actors-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT="
					+ Waits.TIMEOUT.toMillis();
			return new Instance(url, "sa", "", "embedded");
		}

		@Override
		public void drop(Instance database) {
			database.jdbc().execute("SHUTDOWN");
		}

		@Override
		boolean isEmbedded() {
			return true;
		}

		@Override
		String blockedSessionsQuery() {
			// H2 names the blocker of a row lock, but not of a wait on a unique index: a
			// write of the store's tables still running counts as waiting too
			return "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL"
					+ " OR (session_id <> SESSION_ID() AND session_state = 'RUNNING'"
					+ " AND (LOWER(executing_statement) LIKE 'insert into actor_state %'"
					+ " OR LOWER(executing_statement) LIKE 'update actor_state %'))";
		}

		@Override
		public String toString() {
			return "H2";
		}

	};

	/**
	 * A real PostgreSQL server from Maven Central's binaries, one for the whole test run,
	 * with a new database per test.
	 */
	public static final TestDatabase POSTGRESQL = new TestDatabase() {

		private final AtomicInteger databases = new AtomicInteger();

		@Override
		public Instance create() {
			EmbeddedPostgres server = SharedPostgres.server();
			String name = "actors_" + this.databases.incrementAndGet();
			new JdbcTemplate(server.getPostgresDatabase()).execute("CREATE DATABASE " + name);
			return new Instance(server.getJdbcUrl("postgres", name), "postgres", "", "always");
		}

		@Override
		public void drop(Instance database) {
			String path = database.url().substring(database.url().lastIndexOf('/') + 1);
			String name = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
			new JdbcTemplate(SharedPostgres.server().getPostgresDatabase())
				.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}

		@Override
		boolean isEmbedded() {
			return false;
		}

		@Override
		String blockedSessionsQuery() {
			return "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
					+ " AND datname = current_database()";
		}

		@Override
		public String toString() {
			return "PostgreSQL";
		}

	};

	/**
	 * A new, empty database.
	 * @return how to reach it
	 */
	public abstract Instance create();

	/**
	 * Remove a database made by {@link #create()}, once no context uses it.
	 * @param database the database
	 */
	public abstract void drop(Instance database);

	/**
	 * Whether Boot takes this database for an embedded one.
	 * @return whether it is embedded
	 */
	abstract boolean isEmbedded();

	/**
	 * A query for the number of sessions of the database that wait for a lock.
	 * @return the query
	 */
	abstract String blockedSessionsQuery();

	/**
	 * The columns of an index, in their order.
	 * @param database the database
	 * @param index the index's name
	 * @return the names of its columns
	 */
	public List<String> indexColumns(Instance database, String index) {
		String query = isEmbedded()
				? "SELECT LOWER(c.column_name) FROM information_schema.index_columns c"
						+ " WHERE LOWER(c.index_name) = ? ORDER BY c.ordinal_position"
				: "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
						+ " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true"
						+ " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
						+ " WHERE c.relname = ? ORDER BY k.position";
		return database.jdbc().queryForList(query, String.class, index);
	}

	/**
	 * One database: its connection settings and a plain JDBC view of it.
	 *
	 * @param url the JDBC URL
	 * @param username the user
	 * @param password the password
	 * @param initializeSchema the {@code actors.persistence.initialize-schema} that
	 * creates the tables on it: the default, {@code embedded}, on H2
	 */
	public record Instance(String url, String username, String password, String initializeSchema) {

		/**
		 * Spring Boot properties that make it the application's data source, with a pool
		 * small enough for many contexts at once, and its tables created.
		 * @return the properties
		 */
		public List<String> properties() {
			return List.of("spring.datasource.url=" + this.url, "spring.datasource.username=" + this.username,
					"spring.datasource.password=" + this.password, "spring.datasource.hikari.maximum-pool-size=3",
					"actors.persistence.initialize-schema=" + this.initializeSchema);
		}

		/**
		 * Plain JDBC on this database, beside any application context.
		 * @return a template
		 */
		public JdbcTemplate jdbc() {
			return new JdbcTemplate(new DriverManagerDataSource(this.url, this.username, this.password));
		}

		/**
		 * A connection of its own, beside any application context.
		 * @return the connection
		 * @throws SQLException if it cannot connect
		 */
		Connection connection() throws SQLException {
			return DriverManager.getConnection(this.url, this.username, this.password);
		}

		/**
		 * The tables of this database, in lower case.
		 * @return the table names
		 */
		public List<String> tables() {
			return jdbc().queryForList(
					"SELECT LOWER(table_name) FROM information_schema.tables WHERE LOWER(table_name) LIKE 'actor_state%'",
					String.class);
		}

	}

	/** The server, started on first use and stopped when the JVM exits. */
	private static final class SharedPostgres {

		private static @Nullable EmbeddedPostgres server;

		static synchronized EmbeddedPostgres server() {
			if (server == null) {
				try {
					server = EmbeddedPostgres.builder().start();
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
				}
			}
			return server;
		}

	}

}
