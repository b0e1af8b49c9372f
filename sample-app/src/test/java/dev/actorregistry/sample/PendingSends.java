package dev.actorregistry.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;

import javax.sql.DataSource;

/**
 * The durable sends still in the sample's outbox, read from its database: what the crash
 * and cluster tests wait to see empty before they check that money was conserved.
 */
final class PendingSends {

	private PendingSends() {
	}

	/**
	 * Wait until every durable send left the outbox: every credit and refund applied.
	 * @param database the sample's database
	 * @param deadline how long to wait at most
	 * @param whereToLook what the failure says to look at, should the wait time out
	 * @throws AssertionError if sends are still pending at the deadline
	 */
	static void awaitNone(DataSource database, Duration deadline, Supplier<String> whereToLook)
			throws SQLException, InterruptedException {
		long until = System.nanoTime() + deadline.toNanos();
		long pending;
		while ((pending = count(database)) > 0) {
			if (System.nanoTime() - until > 0) {
				throw new AssertionError(pending + " durable sends still pending " + deadline
						+ " after the load stopped; " + whereToLook.get());
			}
			Thread.sleep(100); // polls a count: how long it takes does not matter
		}
	}

	private static long count(DataSource database) throws SQLException {
		try (Connection connection = database.getConnection();
				Statement statement = connection.createStatement();
				ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM actor_outbox")) {
			count.next();
			return count.getLong(1);
		}
	}

}
