package dev.actorregistry.sample.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.ChildInfo;
import dev.actorregistry.invocation.ActorClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The accounts API over real HTTP, against the whole application.
 */
// a database of its own in memory, not the application's file
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:accounts-integration-tests")
@AutoConfigureRestTestClient
class AccountsIntegrationTests {

	private static final String PROBLEM = "urn:actor-registry-sample:problem:";

	// The context, and so the accounts, are shared by every test: each test opens its
	// own.
	private static final AtomicInteger ids = new AtomicInteger();

	@Autowired
	private RestTestClient client;

	@Autowired
	private ActorRegistry<String, Account> accounts;

	@Autowired
	private ActorClient<String, BankAccount> bankAccounts;

	@Test
	void openingAnAccountAnswers201WithItsLocationAndAZeroBalance() {
		String id = newId();
		this.client.post()
			.uri("/accounts/{id}", id)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).endsWith("/accounts/" + id))
			.expectBody(AccountView.class)
			.isEqualTo(new AccountView(id, 0));
		read(id).expectStatus().isOk().expectBody(AccountView.class).isEqualTo(new AccountView(id, 0));
	}

	@Test
	void openingAnOpenAccountAnswers409AndKeepsItsBalance() {
		String id = open(100);
		this.client.post()
			.uri("/accounts/{id}", id)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"type": "%saccount-already-open", "title": "Account already open", "status": 409,
					 "detail": "Account '%s' is open already; its balance is unchanged.",
					 "instance": "/accounts/%s", "account": "%s"}
					""".formatted(PROBLEM, id, id, id));
		assertBalance(id, 100);
	}

	@Test
	void depositsAndWithdrawalsAnswerTheNewBalance() {
		String id = open(0);
		deposit(id, 100).expectStatus().isOk().expectBody(AccountView.class).isEqualTo(new AccountView(id, 100));
		withdraw(id, 30).expectStatus().isOk().expectBody(AccountView.class).isEqualTo(new AccountView(id, 70));
		withdraw(id, 70).expectStatus().isOk().expectBody(AccountView.class).isEqualTo(new AccountView(id, 0));
		assertBalance(id, 0);
	}

	@Test
	void withdrawingMoreThanTheBalanceAnswers409WithBalanceAndAmount() {
		String id = open(50);
		withdraw(id, 80).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"type": "%sinsufficient-funds", "title": "Insufficient funds", "status": 409,
					 "detail": "Account '%s' has a balance of 50, less than the 80 asked for.",
					 "instance": "/accounts/%s/withdrawals", "account": "%s", "balance": 50, "amount": 80}
					""".formatted(PROBLEM, id, id, id));
		assertBalance(id, 50);
	}

	@Test
	void anAccountThatIsNotOpenAnswers404ToEveryOperation() {
		String id = newId();
		String notOpen = """
				{"type": "%saccount-not-open", "title": "Account not open", "status": 404,
				 "detail": "Account '%s' is not open. Open it first with POST /accounts/%s.", "account": "%s"}
				""".formatted(PROBLEM, id, id, id);
		read(id).expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json(notOpen)
			.jsonPath("$.instance")
			.isEqualTo("/accounts/" + id);
		deposit(id, 10).expectStatus().isNotFound().expectBody().json(notOpen);
		withdraw(id, 10).expectStatus().isNotFound().expectBody().json(notOpen);
		// a deposit to an account that is not open is not kept for later
		this.client.post().uri("/accounts/{id}", id).exchange().expectStatus().isCreated();
		assertBalance(id, 0);
	}

	@Test
	void aNonPositiveAmountAnswers400NamingTheField() {
		String id = open(10);
		for (long amount : new long[] { 0, -5 }) {
			deposit(id, amount).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.json("""
						{"title": "Invalid request", "status": 400,
						 "detail": "amount must be a positive whole number.",
						 "errors": [{"field": "amount", "message": "amount must be a positive whole number"}]}
						""");
			withdraw(id, amount).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("amount must be a positive whole number.");
		}
		assertBalance(id, 10);
	}

	@Test
	void aMissingAmountAnswers400() {
		String id = open(10);
		post("/accounts/" + id + "/deposits", "{}").expectStatus().isBadRequest().expectBody().json("""
				{"title": "Invalid request", "status": 400, "detail": "amount is required.",
				 "errors": [{"field": "amount", "message": "amount is required"}]}
				""");
		assertBalance(id, 10);
	}

	@Test
	void anAmountThatIsNotAWholeNumberOrABodyThatIsNotJsonAnswers400() {
		String id = open(10);
		post("/accounts/" + id + "/deposits", "{\"amount\": 1.5}").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("""
					{"title": "Unreadable request", "status": 400,
					 "detail": "The request body's 'amount' is not a whole number from 1 to 9223372036854775807."}
					""");
		post("/accounts/" + id + "/withdrawals", "{\"amount\": \"ten\"}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The request body's 'amount' is not a whole number from 1 to 9223372036854775807.");
		post("/accounts/" + id + "/deposits", "not json").expectStatus().isBadRequest().expectBody().json("""
				{"title": "Unreadable request", "status": 400,
				 "detail": "The request body is not valid JSON, such as {\\"amount\\": 100}."}
				""");
		assertBalance(id, 10);
	}

	@Test
	void aTransferWithdrawsAtOnceAnswers202AndCreditsTheOtherAccountDurably() {
		String from = open(100);
		String to = open(5);
		TransferReceipt receipt = transfer(from, to, 40).expectStatus()
			.isAccepted()
			.expectBody(TransferReceipt.class)
			.returnResult()
			.getResponseBody();
		assertThat(receipt).isNotNull();
		assertThat(receipt.id()).isNotBlank();
		assertThat(receipt).isEqualTo(new TransferReceipt(receipt.id(), from, to, 40, 60));
		assertBalance(from, 60);
		// the credit is on its way, applied once the withdrawal's save committed
		await().atMost(Duration.ofMinutes(1)).until(() -> balance(to) == 45);
		// and it leaves the sender's outbox once the sender has recorded its delivery
		await().atMost(Duration.ofMinutes(1))
			.until(() -> this.client.get()
				.uri("/actuator/actors/account/{id}", from)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody(), (json) -> json != null && json.contains("\"pendingSends\":[]"));
		this.client.get()
			.uri("/actuator/metrics/actors.durable.delivered?tag=registry:account&tag=outcome:applied")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aTransferAskedForAgainWithItsIdMovesNoMoreMoney() {
		String from = open(100);
		String to = open(0);
		String body = "{\"id\": \"t-%s\", \"from\": \"%s\", \"to\": \"%s\", \"amount\": 30}".formatted(from, from, to);
		post("/transfers", body).expectStatus().isAccepted().expectBody().jsonPath("$.fromBalance").isEqualTo(70);
		post("/transfers", body).expectStatus()
			.isAccepted()
			.expectBody(TransferReceipt.class)
			.isEqualTo(new TransferReceipt("t-" + from, from, to, 30, 70));
		await().atMost(Duration.ofMinutes(1)).until(() -> balance(to) == 30);
		assertBalance(from, 70);
		// the same id for another transfer is refused, and moves nothing
		post("/transfers", body.replace("30", "31")).expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().json("""
				{"type": "%stransfer-id-reused", "status": 409, "account": "%s", "transferId": "t-%s"}
				""".formatted(PROBLEM, from, from));
		assertBalance(from, 70);
		assertBalance(to, 30);
	}

	@Test
	void aTransferFromAnAccountWithTooLittleAnswers409AndMovesNothing() {
		String from = open(30);
		String to = open(0);
		transfer(from, to, 31).expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().json("""
				{"type": "%sinsufficient-funds", "status": 409, "instance": "/transfers",
				 "account": "%s", "balance": 30, "amount": 31}
				""".formatted(PROBLEM, from));
		assertBalance(from, 30);
		assertBalance(to, 0);
	}

	@Test
	void aTransferToAnAccountThatIsNotOpenAnswers404AndWithdrawsNothing() {
		String from = open(30);
		String to = newId();
		transfer(from, to, 20).expectStatus().isNotFound().expectBody().json("""
				{"type": "%saccount-not-open", "status": 404, "instance": "/transfers", "account": "%s"}
				""".formatted(PROBLEM, to));
		assertBalance(from, 30);
	}

	@Test
	void aCreditTheOtherAccountRefusesIsRefundedOnce() {
		String from = open(30);
		String notOpen = newId();
		// past the controller's check of the other account, as when it is refused only
		// after the withdrawal: the refusal comes back durably, and the amount with it
		assertThat(this.bankAccounts.get(from).transfer("refused-" + from, notOpen, 20).orThrow().balance())
			.isEqualTo(10);
		await().atMost(Duration.ofMinutes(1)).until(() -> balance(from) == 30);
		read(notOpen).expectStatus().isNotFound();
		// refunded once: a later deposit finds the balance the refund left
		deposit(from, 1).expectStatus().isOk().expectBody(AccountView.class).isEqualTo(new AccountView(from, 31));
	}

	@Test
	void aTransferFromAnAccountThatIsNotOpenAnswers404() {
		String from = newId();
		String to = open(0);
		transfer(from, to, 20).expectStatus().isNotFound().expectBody().jsonPath("$.account").isEqualTo(from);
		assertBalance(to, 0);
	}

	@Test
	void anInvalidTransferAnswers400NamingEveryField() {
		String id = open(10);
		post("/transfers", "{\"from\": \"%s\", \"to\": \"%s\", \"amount\": 0}".formatted(id, id)).expectStatus()
			.isBadRequest()
			.expectBody()
			.json("""
					{"title": "Invalid request", "status": 400,
					 "detail": "amount must be a positive whole number; from and to must be different accounts.",
					 "errors": [{"field": "amount", "message": "amount must be a positive whole number"},
					            {"field": "distinctAccounts", "message": "from and to must be different accounts"}]}
					""");
		post("/transfers", "{\"to\": \"%s\"}".formatted(id)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("amount is required; from is required.");
		String to = open(0);
		post("/transfers", "{\"id\": \"a/b\", \"from\": \"%s\", \"to\": \"%s\", \"amount\": 1}".formatted(id, to))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("id");
		assertBalance(id, 10);
	}

	/**
	 * The race: 16 threads deposit 1 at a time into one account, 800 deposits in all,
	 * with no lock but the actor's one-message-at-a-time turns. A lost update would leave
	 * the balance short; two deposits run at once would answer the same balance twice.
	 */
	@Test
	void concurrentDepositsToOneAccountAddUpExactly() throws Exception {
		String id = open(0);
		int threads = 16;
		int depositsPerThread = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<List<Long>>> clients = new ArrayList<>();
			for (int thread = 0; thread < threads; thread++) {
				clients.add(pool.submit(() -> {
					List<Long> balances = new ArrayList<>();
					for (int deposit = 0; deposit < depositsPerThread; deposit++) {
						AccountView account = deposit(id, 1).expectStatus()
							.isOk()
							.expectBody(AccountView.class)
							.returnResult()
							.getResponseBody();
						assertThat(account).isNotNull();
						balances.add(account.balance());
					}
					return balances;
				}));
			}
			// the 800 deposits, however long a busy machine takes: the deadline is a
			// guard
			List<Long> balances = new ArrayList<>();
			for (Future<List<Long>> client : clients) {
				balances.addAll(client.get(10, TimeUnit.MINUTES));
			}
			int total = threads * depositsPerThread;
			// each deposit saw the balance every earlier one left: 1, 2, ..., 800, once
			// each
			assertThat(balances).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
			assertBalance(id, total);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theActuatorShowsTheAccountRegistryWithTheSamplesSettings() {
		String id = open(7);
		this.client.get().uri("/actuator/actors").exchange().expectStatus().isOk().expectBody().json("""
				{"registries": {"account": {"actorType": "dev.actorregistry.sample.account.Account",
				 "keyType": "java.lang.String", "status": "RUNNING",
				 "settings": {"idleTimeout": "PT10M", "maxActive": %d, "mailboxCapacity": 10000,
				              "failurePolicy": "RESUME", "drainTimeout": "PT20S", "durableSends": true}}}}
				""".formatted(ActorRegistryBuilder.defaultMaxActive()));
		// opened, then one deposit; its answer may come a moment before the mailbox
		// counts
		// it finished, more than a moment on a busy machine
		await().atMost(Duration.ofMinutes(1))
			.alias("the mailbox of " + id + " to count its last message finished")
			.until(() -> this.accounts.child(id).map(ChildInfo::mailboxSize).orElse(-1) == 0);
		this.client.get()
			.uri("/actuator/actors/account/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("""
					{"key": "%s", "status": "ACTIVE", "mailboxSize": 0, "processed": 2, "failures": 0}
					""".formatted(id));
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.actors.status")
			.isEqualTo("UP");
		this.client.get()
			.uri("/actuator/metrics/actors.activations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.availableTags[?(@.tag == 'registry')].values[0]")
			.isEqualTo(List.of("account"));
	}

	private String newId() {
		return "acct-" + ids.incrementAndGet();
	}

	private String open(long balance) {
		String id = newId();
		this.client.post().uri("/accounts/{id}", id).exchange().expectStatus().isCreated();
		if (balance > 0) {
			deposit(id, balance).expectStatus().isOk();
		}
		return id;
	}

	private ResponseSpec read(String id) {
		return this.client.get().uri("/accounts/{id}", id).exchange();
	}

	private long balance(String id) {
		AccountView account = read(id).expectStatus()
			.isOk()
			.expectBody(AccountView.class)
			.returnResult()
			.getResponseBody();
		assertThat(account).isNotNull();
		return account.balance();
	}

	private void assertBalance(String id, long balance) {
		read(id).expectStatus().isOk().expectBody(AccountView.class).isEqualTo(new AccountView(id, balance));
	}

	private ResponseSpec deposit(String id, long amount) {
		return post("/accounts/" + id + "/deposits", "{\"amount\": " + amount + "}");
	}

	private ResponseSpec withdraw(String id, long amount) {
		return post("/accounts/" + id + "/withdrawals", "{\"amount\": " + amount + "}");
	}

	private ResponseSpec transfer(String from, String to, long amount) {
		return post("/transfers", "{\"from\": \"%s\", \"to\": \"%s\", \"amount\": %d}".formatted(from, to, amount));
	}

	private ResponseSpec post(String path, String json) {
		return this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).exchange();
	}

}
