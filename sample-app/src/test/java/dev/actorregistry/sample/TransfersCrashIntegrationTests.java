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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import dev.actorregistry.sample.account.AccountView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transfers in a cycle of accounts (a to b, b to c, ... and back) from several clients,
 * while the packaged application is killed with SIGKILL several times at random moments
 * and started again on the same PostgreSQL database: no money is created or destroyed,
 * and each transfer is applied exactly once.
 * <p>
 * A transfer's withdrawal and its credit, sent durably, are one save; the credit is
 * delivered after the save commits, again after a restart, and applied once. Every
 * transfer has an id the client chose: one whose answer the kill cut off is asked for
 * again, with its id, once the application is back, until it has a definite answer
 * (accepted, or refused for insufficient funds), so that the test knows every transfer
 * that was made. Once no durable send is pending, each account's balance must be its
 * opening balance plus the transfers it received minus those it made: a credit applied
 * twice, or lost, shows as a difference in the accounts concerned, and in the sum.
 * <p>
 * Runs the repackaged jar, so Maven Failsafe runs it after {@code package}.
 */
class TransfersCrashIntegrationTests {

	private static final List<String> ACCOUNTS = List.of("cycle-a", "cycle-b", "cycle-c", "cycle-d");

	private static final long OPENING_BALANCE = 1_000_000;

	private static final int CLIENTS = 6;

	private static final int KILLS = 3;

	// transfers accepted between two kills, drawn at random in this range: a count, so
	// each kill lands in the middle of the load however slow the machine is
	private static final int MIN_TRANSFERS_BETWEEN_KILLS = 100;

	private static final int MAX_TRANSFERS_BETWEEN_KILLS = 400;

	// Every deadline of this test guards against a hang only.
	private static final Duration HANG_GUARD = Duration.ofMinutes(3);

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	private final Endpoint endpoint = new Endpoint();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong askedAgain = new AtomicLong();

	private final AtomicBoolean stop = new AtomicBoolean();

	private final Queue<Transfer> made = new ConcurrentLinkedQueue<>();

	private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

	@Test
	@Timeout(value = 20, unit = TimeUnit.MINUTES)
	void transfersKilledWithSigkillAreEachAppliedOnceAndNoMoneyIsCreatedOrDestroyed() throws Exception {
		long began = System.nanoTime();
		Path jar = Path.of(requiredProperty("sample.jar"));
		assertThat(jar).as("the repackaged application; run `./mvnw -pl sample-app -am verify`").isRegularFile();
		Path logs = Path.of(requiredProperty("sample.log")).getParent();
		Files.createDirectories(logs);
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			List<String> args = List.of("--server.port=0", "--spring.profiles.active=postgres",
					"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
					"--spring.datasource.username=postgres", "--spring.datasource.password=postgres");
			ApplicationProcess application = ApplicationProcess.start(jar, logs.resolve("transfers-crash-app-0.log"),
					args);
			List<Integer> exitCodes = new ArrayList<>();
			ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
			try {
				this.endpoint.up(baseOf(application));
				for (String account : ACCOUNTS) {
					open(account);
				}
				List<Future<?>> clients = new ArrayList<>();
				for (int i = 0; i < CLIENTS; i++) {
					int client = i;
					clients.add(pool.submit(() -> transferUntilStopped(client)));
				}
				for (int kill = 1; kill <= KILLS; kill++) {
					awaitAccepted(ThreadLocalRandom.current()
						.nextInt(MIN_TRANSFERS_BETWEEN_KILLS, MAX_TRANSFERS_BETWEEN_KILLS + 1), clients);
					this.endpoint.down();
					exitCodes.add(application.kill(HANG_GUARD));
					application.close();
					application = ApplicationProcess.start(jar, logs.resolve("transfers-crash-app-" + kill + ".log"),
							args);
					this.endpoint.up(baseOf(application));
				}
				awaitAccepted(MIN_TRANSFERS_BETWEEN_KILLS, clients);
				this.stop.set(true);
				for (Future<?> client : clients) {
					client.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
				}
				ApplicationProcess last = application;
				PendingSends.awaitNone(postgres.getPostgresDatabase(), HANG_GUARD,
						() -> "the application's last lines:\n" + lastLines(last));
				// 128 + SIGKILL (9) each time: no shutdown hook, no drain, nothing
				// flushed
				assertThat(exitCodes).as("exit codes of the kills").hasSize(KILLS).containsOnly(137);
				assertThat(this.unexpected).as("unexpected answers").isEmpty();
				assertBalances(application);
				System.out.printf(
						"Transfers crash test: %d SIGKILLs, %d transfers accepted (%d asked again after a kill cut "
								+ "their answer off), every one applied once, the sum of the balances kept, in %d s%n",
						KILLS, this.made.size(), this.askedAgain.get(),
						TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
			}
			finally {
				this.stop.set(true);
				pool.shutdownNow();
				application.close();
			}
		}
	}

	/** Each balance is its opening one plus what it received minus what it sent. */
	private void assertBalances(ApplicationProcess application) throws IOException, InterruptedException {
		Map<String, Long> expected = new HashMap<>();
		ACCOUNTS.forEach((account) -> expected.put(account, OPENING_BALANCE));
		for (Transfer transfer : this.made) {
			expected.merge(transfer.from(), -transfer.amount(), Long::sum);
			expected.merge(transfer.to(), transfer.amount(), Long::sum);
		}
		Map<String, Long> actual = new HashMap<>();
		for (String account : ACCOUNTS) {
			actual.put(account, balance(account));
		}
		long sum = actual.values().stream().mapToLong(Long::longValue).sum();
		assertThat(sum).as("the sum of the balances, against the opening ones (%s); %s", expected, diagnostics())
			.isEqualTo(OPENING_BALANCE * ACCOUNTS.size());
		assertThat(actual)
			.as("each balance: opening + received - sent, for the %d transfers accepted; %s", this.made.size(),
					diagnostics())
			.isEqualTo(expected);
	}

	private String diagnostics() {
		return "accepted " + this.made.size() + ", asked again " + this.askedAgain.get() + ", unexpected "
				+ this.unexpected;
	}

	/**
	 * One client: transfers at random between neighbours of the cycle, each with an id of
	 * its own, until told to stop; a transfer whose answer was lost is asked for again
	 * until it has a definite one.
	 */
	private void transferUntilStopped(int client) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int sequence = 0; !this.stop.get(); sequence++) {
			int from = random.nextInt(ACCOUNTS.size());
			int to = (random.nextBoolean() ? from + 1 : from + ACCOUNTS.size() - 1) % ACCOUNTS.size();
			Transfer transfer = new Transfer("c" + client + "-" + sequence, ACCOUNTS.get(from), ACCOUNTS.get(to),
					random.nextLong(1, 1000));
			try {
				if (transferOnce(transfer)) {
					this.made.add(transfer);
					this.accepted.incrementAndGet();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Ask for a transfer until the application answers it.
	 * @return true if accepted; false if refused for insufficient funds
	 */
	private boolean transferOnce(Transfer transfer) throws InterruptedException {
		String body = "{\"id\": \"%s\", \"from\": \"%s\", \"to\": \"%s\", \"amount\": %d}".formatted(transfer.id(),
				transfer.from(), transfer.to(), transfer.amount());
		long deadline = System.nanoTime() + HANG_GUARD.toNanos();
		for (int attempt = 1;; attempt++) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Transfer " + transfer + " had no answer in " + HANG_GUARD);
			}
			URI base = this.endpoint.awaitUp(HANG_GUARD);
			if (attempt > 1) {
				this.askedAgain.incrementAndGet();
			}
			HttpResponse<String> response;
			try {
				response = this.http.send(HttpRequest.newBuilder(base.resolve("/transfers"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.timeout(HANG_GUARD)
					.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				// killed under it: the endpoint is down until the restart, and the same
				// transfer, with its id, is asked for again there
				if (this.endpoint.isUp(base)) {
					this.unexpected.add(transfer.id() + ": connection failed while the application ran: " + ex);
					if (attempt > 3) {
						return false;
					}
				}
				continue;
			}
			if (response.statusCode() == 202) {
				return true;
			}
			if (response.statusCode() == 409 && response.body().contains("insufficient-funds")) {
				return false;
			}
			if (response.statusCode() == 503 && !this.endpoint.isUp(base)) {
				continue; // answered while going down
			}
			this.unexpected.add(transfer.id() + ": " + response.statusCode() + " " + response.body());
			return false;
		}
	}

	private void awaitAccepted(int more, List<Future<?>> clients) throws InterruptedException {
		long target = this.accepted.get() + more;
		long deadline = System.nanoTime() + HANG_GUARD.toNanos();
		while (this.accepted.get() < target) {
			if (clients.stream().allMatch(Future::isDone)) {
				throw new AssertionError("Every client ended with " + this.accepted.get() + " of " + target
						+ " transfers accepted; " + diagnostics());
			}
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Only " + this.accepted.get() + " of " + target + " transfers accepted in "
						+ HANG_GUARD + "; " + diagnostics());
			}
			Thread.sleep(20); // polls a count: how long it takes does not matter
		}
	}

	private URI baseOf(ApplicationProcess application) throws InterruptedException {
		int port = Integer.parseInt(application.awaitLine(STARTED, HANG_GUARD).group(1));
		return URI.create("http://127.0.0.1:" + port);
	}

	private void open(String account) throws IOException, InterruptedException {
		URI base = this.endpoint.awaitUp(HANG_GUARD);
		HttpResponse<String> opened = this.http.send(HttpRequest.newBuilder(base.resolve("/accounts/" + account))
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(HANG_GUARD)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(opened.statusCode()).as("opening %s: %s", account, opened.body()).isEqualTo(201);
		HttpResponse<String> deposited = this.http
			.send(HttpRequest.newBuilder(base.resolve("/accounts/" + account + "/deposits"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"amount\": " + OPENING_BALANCE + "}"))
				.timeout(HANG_GUARD)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(deposited.statusCode()).as("opening deposit to %s: %s", account, deposited.body()).isEqualTo(200);
	}

	private long balance(String account) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(this.endpoint.awaitUp(HANG_GUARD).resolve("/accounts/" + account))
				.timeout(HANG_GUARD)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("reading %s: %s", account, response.body()).isEqualTo(200);
		return this.json.readValue(response.body(), AccountView.class).balance();
	}

	private static String requiredProperty(String name) {
		String value = System.getProperty(name);
		assertThat(value).as("system property %s, set by the build", name).isNotNull();
		return value;
	}

	/**
	 * A transfer a client asked for.
	 *
	 * @param id its id, chosen by the client
	 * @param from the account withdrawn from
	 * @param to the account credited
	 * @param amount the amount
	 */
	record Transfer(String id, String from, String to, long amount) {
	}

	/**
	 * Where the application answers: down from just before a kill until it has started
	 * again, so that clients whose requests the kill cut off wait for the restart.
	 */
	private static final class Endpoint {

		private @Nullable URI base;

		synchronized void up(URI base) {
			this.base = base;
			notifyAll();
		}

		synchronized void down() {
			this.base = null;
		}

		synchronized boolean isUp(URI base) {
			return base.equals(this.base);
		}

		synchronized URI awaitUp(Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.base == null) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new AssertionError("The application was not back within " + timeout);
				}
				TimeUnit.NANOSECONDS.timedWait(this, remaining);
			}
			return this.base;
		}

	}

	private static String lastLines(ApplicationProcess application) {
		return String.join("\n",
				application.lines().subList(Math.max(0, application.lines().size() - 40), application.lines().size()));
	}

}
