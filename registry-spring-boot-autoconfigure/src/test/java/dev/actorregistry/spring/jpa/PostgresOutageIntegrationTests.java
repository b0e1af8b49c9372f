package dev.actorregistry.spring.jpa;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorStartException;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateSaveException;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.persistence.StoredState;
import dev.actorregistry.spring.jpa.Wallets.Wallet;
import dev.actorregistry.spring.jpa.Wallets.WalletActor;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away under a running application and comes back: a PostgreSQL server
 * of this test's own, stopped mid-test and started again on the same port and data
 * directory. Saves fail without losing the actors' state, activations of other keys fail
 * clearly, and service resumes with the database.
 */
class PostgresOutageIntegrationTests {

	private @Nullable EmbeddedPostgres server;

	@AfterEach
	void stopServer() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void savesFailWhileTheDatabaseIsDownAndSucceedOnceItIsBack(@TempDir Path dataDirectory) throws Exception {
		this.server = start(dataDirectory, 0);
		int port = this.server.getPort();
		TestDatabase.Instance database = new TestDatabase.Instance(this.server.getJdbcUrl("postgres", "postgres"),
				"postgres", "", "always");
		// Fail sooner while the server is down than after Hikari's 30 seconds, but not so
		// soon that a busy machine's server, up and slow to hand out a connection, fails
		// a
		// call that should succeed: every call made while it is down waits this long.
		Wallets.on(database)
			.withPropertyValues("spring.datasource.hikari.connection-timeout=5000",
					"spring.datasource.hikari.validation-timeout=2000")
			.run((context) -> {
				ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
				assertThat(wallets.ask("alice", (wallet) -> wallet.deposit(5)).join()).isEqualTo(5);
				wallets.stop("alice").join();
				assertThat(wallets.ask("alice", (wallet) -> wallet.deposit(3)).join()).isEqualTo(8);

				stopServer();

				// the final save fails, so the actor stays live with its state, at
				// the revision it loaded
				assertThat(Waits.failureOf(wallets.stop("alice"))).isInstanceOf(StateSaveException.class)
					.hasMessageContaining("'wallets'")
					.hasMessageContaining("'alice'")
					.hasMessageContaining("retried")
					.hasMessageContaining("Check the state store")
					.cause()
					.hasMessageContaining("Check that the database is reachable");
				assertThat(wallets.lookup("alice")).isPresent();
				assertThat(wallets.child("alice").orElseThrow().persistence().revision()).isEqualTo(1);
				assertThat(wallets.ask("alice", (wallet) -> wallet.deposit(2)).join()).isEqualTo(10);
				// and so does a second attempt
				assertThat(Waits.failureOf(wallets.stop("alice"))).isInstanceOf(StateSaveException.class);
				assertThat(wallets.ask("alice", WalletActor::wallet).join().balance()).isEqualTo(10);
				// another key cannot load its state, so it does not start at all
				assertThatExceptionOfType(ActorStartException.class).isThrownBy(() -> wallets.lookupOrStart("bob"))
					.withMessageContaining("'wallets'")
					.withMessageContaining("'bob'")
					.withMessageContaining("could not be loaded")
					.withMessageContaining("Check the state store")
					.havingCause()
					.withMessageContaining("could not load the state")
					.withMessageContaining("Check that the database is reachable");
				assertThat(wallets.lookup("bob")).isEmpty();

				this.server = start(dataDirectory, port);

				// the pool may hand out a connection to the old server first: stop
				// until a save gets through
				await().atMost(Waits.TIMEOUT)
					.alias("a stop of alice whose final save reaches the restarted server")
					.pollInterval(Duration.ofMillis(100))
					.ignoreException(StateSaveException.class)
					.until(() -> {
						wallets.stop("alice").get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
						return true;
					});
				assertThat(wallets.lookup("alice")).isEmpty();
				StoredState stored = context.getBean(StateStore.class).load(Wallets.REGISTRY, "alice").orElseThrow();
				assertThat(stored.revision()).isEqualTo(2);
				assertThat(context.getBean(StateCodec.class).decode(stored.state().data(), Wallet.class).balance())
					.isEqualTo(10);
				assertThat(wallets.ask("alice", WalletActor::wallet).join().balance()).isEqualTo(10);
				assertThat(wallets.ask("bob", (wallet) -> wallet.deposit(1)).join()).isEqualTo(1);
			});
	}

	/** Start a server on a data directory that outlives it; port 0 for any free port. */
	private static EmbeddedPostgres start(Path dataDirectory, int port) throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false);
		if (port != 0) {
			builder.setPort(port);
		}
		return builder.start();
	}

}
