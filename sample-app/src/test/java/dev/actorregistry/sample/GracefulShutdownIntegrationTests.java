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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import dev.actorregistry.sample.account.AccountView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the packaged application with SIGTERM while clients deposit into accounts, as a
 * container runtime stops it, and checks that nothing accepted is lost: every deposit
 * that was answered 200 is in its account's balance exactly once, every request the
 * application refused got 503 or could not connect (never a 500), and the registry's
 * drain abandoned nothing.
 * <p>
 * Runs the repackaged jar, so Maven Failsafe runs it after {@code package}.
 */
class GracefulShutdownIntegrationTests {

	private static final int ACCOUNTS = 4;

	private static final int CLIENTS = 8;

	// deposits answered before the signal, so it lands in the middle of the load: a
	// count, however long a busy machine takes to answer them
	private static final int DEPOSITS_BEFORE_SIGNAL = 2000;

	// a bound on each client in case the application never stops, not a pace
	private static final int MAX_DEPOSITS_PER_CLIENT = 50_000;

	// Every deadline of this test guards against a hang only: each wait ends as soon as
	// what it waits for has happened, and a busy machine may take many times as long as
	// an idle one. The application's own timeouts are as generous, since the test checks
	// what happens when nothing runs out: requests in flight finish, nothing is
	// abandoned.
	private static final Duration HANG_GUARD = Duration.ofMinutes(5);

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration WEB_SHUTDOWN_TIMEOUT = Duration.ofMinutes(2);

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Pattern WEB_SERVER_STOPPED = Pattern.compile("Graceful shutdown complete");

	private static final Pattern DRAINED = Pattern.compile("Drained actor registry 'account' in \\d+ ms: "
			+ "(\\d+) actors stopped, (\\d+) not stopped, (\\d+) messages processed, (\\d+) rejected, (\\d+) abandoned");

	// logged by Account's @PreDestroy at debug level, which the test switches on
	private static final Pattern ACCOUNT_STOPPED = Pattern.compile("Account '(\\S+)' stopped with a balance of (\\d+)");

	private static final Pattern ERROR_LOGGED = Pattern.compile("^\\S+\\s+ERROR ");

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(HANG_GUARD)
		.build();

	private final AtomicBoolean signalled = new AtomicBoolean();

	private final AtomicBoolean exited = new AtomicBoolean();

	private final AnsweredDeposits depositsBeforeSignal = new AnsweredDeposits(DEPOSITS_BEFORE_SIGNAL);

	@Test
	@Timeout(value = 30, unit = TimeUnit.MINUTES)
	void sigtermUnderLoadLosesNoAcceptedDepositAndAnswersNo500() throws Exception {
		Path jar = Path.of(requiredProperty("sample.jar"));
		assertThat(jar).as("the repackaged application; run `./mvnw -pl sample-app -am verify`").isRegularFile();
		Path log = Path.of(requiredProperty("sample.log"));
		Files.createDirectories(log.getParent());
		try (ApplicationProcess application = ApplicationProcess.start(jar, log,
				List.of("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:graceful-shutdown",
						"--actors.shutdown.drain-timeout=" + DRAIN_TIMEOUT.toSeconds() + "s",
						"--spring.lifecycle.timeout-per-shutdown-phase=" + WEB_SHUTDOWN_TIMEOUT.toSeconds() + "s",
						"--logging.level.dev.actorregistry.sample.account.Account=debug"))) {
			int port = Integer.parseInt(application.awaitLine(STARTED, HANG_GUARD).group(1));
			URI base = URI.create("http://127.0.0.1:" + port);
			List<String> accounts = openAccounts(base);

			ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
			try {
				List<Future<ClientReport>> clients = new ArrayList<>();
				for (int client = 0; client < CLIENTS; client++) {
					String account = accounts.get(client % ACCOUNTS);
					clients.add(pool.submit(() -> depositUntilStopped(base, account)));
				}
				this.depositsBeforeSignal.await(clients, HANG_GUARD);

				this.signalled.set(true);
				application.terminate();
				// the web server's shutdown, then a drain that ends within twice its
				// timeout
				int exitCode = application
					.awaitExit(WEB_SHUTDOWN_TIMEOUT.plus(DRAIN_TIMEOUT.multipliedBy(2)).plus(HANG_GUARD));
				this.exited.set(true);

				// each client ends at its next request, which finds nobody listening
				List<ClientReport> reports = new ArrayList<>();
				for (Future<ClientReport> client : clients) {
					reports.add(client.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS));
				}
				assertShutdown(application, exitCode, accounts, reports);
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	private void assertShutdown(ApplicationProcess application, int exitCode, List<String> accounts,
			List<ClientReport> reports) {
		// The sample closes its context on SIGTERM and exits with Spring Boot's exit
		// code:
		// 0 after a clean close; a crash, a failed close or the JVM's own 143 fail here.
		assertThat(exitCode).as("exit code after SIGTERM").isZero();

		for (ClientReport report : reports) {
			assertThat(report.errorsBeforeSignal()).as("connection errors before the signal").isEmpty();
			assertThat(report.unexpected()).as("answers other than 200 and 503").isEmpty();
		}

		// Deposits of 1, one at a time per account: the balances the 200s reported are
		// 1, 2, ..., n, once each. A deposit applied but never answered would leave a
		// gap; one answered but lost, or applied twice, a repeat.
		Map<String, List<Long>> balances = new TreeMap<>();
		reports.forEach((report) -> balances.computeIfAbsent(report.account(), (account) -> new ArrayList<>())
			.addAll(report.balances()));
		assertThat(balances).containsOnlyKeys(accounts);
		balances.forEach((account, answered) -> assertThat(answered).as("balances answered by account %s", account)
			.containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, answered.size()).boxed().toList()));
		int accepted = balances.values().stream().mapToInt(List::size).sum();
		assertThat(accepted).isGreaterThanOrEqualTo(DEPOSITS_BEFORE_SIGNAL);
		// ...and no deposit was applied after the last 200: each account stopped with
		// exactly as many deposits as were answered.
		Map<String, Long> finalBalances = new TreeMap<>();
		for (String line : application.lines()) {
			ACCOUNT_STOPPED.matcher(line)
				.results()
				.forEach((stopped) -> finalBalances.put(stopped.group(1), Long.parseLong(stopped.group(2))));
		}
		Map<String, Long> answered = new TreeMap<>();
		balances.forEach((account, answers) -> answered.put(account, (long) answers.size()));
		assertThat(finalBalances).as("balances the accounts stopped with").isEqualTo(answered);

		// Requests in flight finished before the registries drained: the web server's
		// graceful shutdown runs in a later phase than the drain, so it ends first.
		int webServerStopped = application.indexOf(WEB_SERVER_STOPPED);
		int drained = application.indexOf(DRAINED);
		assertThat(webServerStopped).as("'%s' in the log", WEB_SERVER_STOPPED).isNotNegative();
		assertThat(drained).as("'%s' in the log", DRAINED).isGreaterThan(webServerStopped);
		MatchResult report = DRAINED.matcher(application.lines().get(drained)).results().findFirst().orElseThrow();
		assertThat(report.group(1)).as("actors stopped").isEqualTo(String.valueOf(ACCOUNTS));
		assertThat(report.group(2)).as("actors not stopped").isEqualTo("0");
		assertThat(report.group(5)).as("messages abandoned").isEqualTo("0");
		// Each message the registry refused while draining was a request answered 503,
		// and each 503 was such a refusal. Both are zero when the web server's graceful
		// shutdown finished in time: by then no request can reach a registry.
		long unavailable = reports.stream().mapToLong(ClientReport::unavailable).sum();
		assertThat(Long.parseLong(report.group(4))).as("messages rejected while draining").isEqualTo(unavailable);

		assertThat(application.lines()).as("errors logged").noneMatch((line) -> ERROR_LOGGED.matcher(line).find());
		System.out.printf("Graceful shutdown: %d deposits answered 200 (%d of them sent after SIGTERM), %d answered "
				+ "503 by the application, %d refused by the web server, %d of %d clients ended on a connection "
				+ "error; %s%n", accepted, reports.stream().mapToLong(ClientReport::answeredAfterSignal).sum(),
				unavailable, reports.stream().mapToLong(ClientReport::refusedByWebServer).sum(),
				reports.stream().filter(ClientReport::endedOnConnectionError).count(), CLIENTS,
				application.lines().get(drained).replaceFirst(".*: Drained", "Drained"));
	}

	private List<String> openAccounts(URI base) throws IOException, InterruptedException {
		List<String> accounts = new ArrayList<>();
		for (int i = 0; i < ACCOUNTS; i++) {
			String account = "load-" + i;
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(base.resolve("/accounts/" + account))
				.POST(HttpRequest.BodyPublishers.noBody())
				.timeout(HANG_GUARD)
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("opening %s: %s", account, response.body()).isEqualTo(201);
			accounts.add(account);
		}
		return accounts;
	}

	/**
	 * One client: deposits 1 at a time into one account until the application has exited
	 * or refused its connection, or it sent its most deposits.
	 */
	private ClientReport depositUntilStopped(URI base, String account) {
		HttpRequest deposit = HttpRequest.newBuilder(base.resolve("/accounts/" + account + "/deposits"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"amount\": 1}"))
			.timeout(HANG_GUARD)
			.build();
		List<Long> balances = new ArrayList<>();
		List<String> unexpected = new ArrayList<>();
		List<String> errorsBeforeSignal = new ArrayList<>();
		long unavailable = 0;
		long answeredAfterSignal = 0;
		long refusedByWebServer = 0;
		boolean connectionError = false;
		for (int sent = 0; sent < MAX_DEPOSITS_PER_CLIENT && !this.exited.get(); sent++) {
			boolean sentAfterSignal = this.signalled.get();
			try {
				HttpResponse<String> response = this.http.send(deposit, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					balances.add(this.json.readValue(response.body(), AccountView.class).balance());
					this.depositsBeforeSignal.answered();
					answeredAfterSignal += sentAfterSignal ? 1 : 0;
				}
				else if (response.statusCode() == 503 && response.body().contains("Actor registry unavailable")) {
					unavailable++;
				}
				else if (sentAfterSignal && isWebServerRefusal(response)) {
					// Tomcat paused by the graceful shutdown answers a request on a
					// kept-alive connection itself, without reading its headers: 503
					// by intent, 400 in fact (Tomcat 11.0.24 then finds no Host header).
					// Either way the request never reached the application.
					refusedByWebServer++;
				}
				else {
					unexpected.add(response.statusCode() + " " + response.body());
				}
			}
			catch (IOException ex) {
				if (!sentAfterSignal) {
					errorsBeforeSignal.add(ex.toString());
				}
				connectionError = true;
				break;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return new ClientReport(account, balances, answeredAfterSignal, unavailable, refusedByWebServer,
				connectionError, unexpected, errorsBeforeSignal);
	}

	private static boolean isWebServerRefusal(HttpResponse<String> response) {
		return (response.statusCode() == 400 || response.statusCode() == 503)
				&& response.headers().firstValue("Content-Type").orElse("").startsWith("text/html")
				&& response.body().contains("<title>HTTP Status " + response.statusCode());
	}

	private static String requiredProperty(String name) {
		String value = System.getProperty(name);
		assertThat(value).as("system property %s, set by Maven Failsafe: run `./mvnw -pl sample-app -am verify`", name)
			.isNotBlank();
		return value;
	}

	/**
	 * What one client saw.
	 *
	 * @param account the account it deposited into
	 * @param balances the balance each 200 answered
	 * @param answeredAfterSignal the 200s to requests sent after SIGTERM
	 * @param unavailable the number of 503 answers from the application
	 * @param refusedByWebServer the number of requests the web server refused itself
	 * after SIGTERM, which the application never saw
	 * @param endedOnConnectionError whether it stopped because a request could not be
	 * sent or answered
	 * @param unexpected every other answer
	 * @param errorsBeforeSignal connection errors before SIGTERM was sent
	 */
	record ClientReport(String account, List<Long> balances, long answeredAfterSignal, long unavailable,
			long refusedByWebServer, boolean endedOnConnectionError, List<String> unexpected,
			List<String> errorsBeforeSignal) {
	}

}
