package dev.actorregistry.benchmarks.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded PostgreSQL server the variants share, with durable commits: fsync on, and
 * {@code synchronous_commit} on, which the embedded server's builder turns off by default
 * (a commit would then return before its WAL is flushed, and no variant would be
 * durable).
 */
final class BenchmarkDatabase implements AutoCloseable {

	static final String NAME = "bench";

	private final EmbeddedPostgres server;

	private final JdbcTemplate admin;

	private BenchmarkDatabase(EmbeddedPostgres server) {
		this.server = server;
		this.admin = new JdbcTemplate(server.getPostgresDatabase());
	}

	static BenchmarkDatabase start() {
		try {
			EmbeddedPostgres server = EmbeddedPostgres.builder()
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("max_connections", "100")
				.start();
			BenchmarkDatabase database = new BenchmarkDatabase(server);
			database.admin.execute("CREATE DATABASE " + NAME);
			return database;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL server", ex);
		}
	}

	String version() {
		String version = this.admin.queryForObject("SHOW server_version", String.class);
		return (version != null) ? version : "(unknown)";
	}

	String jdbcUrl() {
		return this.server.getJdbcUrl("postgres", NAME);
	}

	/**
	 * Create the tables of the JPA variants with accounts 1 to {@code count}, balance 0.
	 * @param count the number of accounts
	 */
	void createAccountTables(long count) {
		JdbcTemplate bench = new JdbcTemplate(this.server.getDatabase("postgres", NAME));
		bench.execute("CREATE TABLE versioned_account (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL,"
				+ " version BIGINT NOT NULL)");
		bench.execute("CREATE TABLE locked_account (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)");
		bench.update("INSERT INTO versioned_account SELECT g, 0, 0 FROM generate_series(1, ?) g", count);
		bench.update("INSERT INTO locked_account SELECT g, 0 FROM generate_series(1, ?) g", count);
		bench.execute("ANALYZE");
	}

	/**
	 * Whether new sessions of the benchmark's database commit without waiting for the WAL
	 * flush: only while seeding, which would otherwise take minutes.
	 * @param relaxed whether to relax
	 */
	void relaxCommits(boolean relaxed) {
		this.admin.execute(
				"ALTER DATABASE " + NAME + (relaxed ? " SET synchronous_commit = off" : " RESET synchronous_commit"));
		if (!relaxed) {
			this.admin.execute("CHECKPOINT");
		}
	}

	/**
	 * Check that every connection of a pool commits durably: holds {@code size}
	 * connections at once, so that each of the pool's is asked.
	 * @param dataSource the pool
	 * @param size its size
	 * @throws IllegalStateException if one does not
	 */
	static void requireDurableCommits(DataSource dataSource, int size) {
		List<Connection> held = new ArrayList<>();
		try {
			for (int i = 0; i < size; i++) {
				Connection connection = dataSource.getConnection();
				held.add(connection);
				for (String setting : List.of("fsync", "synchronous_commit")) {
					try (Statement statement = connection.createStatement();
							ResultSet result = statement.executeQuery("SHOW " + setting)) {
						result.next();
						if (!"on".equals(result.getString(1))) {
							throw new IllegalStateException("A pooled connection has " + setting + " = "
									+ result.getString(1) + ": its commits would not be durable");
						}
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not check the pool's commit settings", ex);
		}
		finally {
			for (Connection connection : held) {
				try {
					connection.close();
				}
				catch (SQLException ex) {
					// returned to the pool: nothing to lose
				}
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
