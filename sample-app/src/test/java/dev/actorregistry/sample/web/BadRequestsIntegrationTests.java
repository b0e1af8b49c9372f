package dev.actorregistry.sample.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ChildInfo;
import dev.actorregistry.sample.account.Account;
import dev.actorregistry.sample.fuzz.SampleFuzzer;
import dev.actorregistry.sample.fuzz.SampleFuzzer.FuzzRequest;
import dev.actorregistry.sample.fuzz.SampleFuzzer.FuzzResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad request the sample can get, over a plain socket against the running
 * application, so that requests no HTTP client sends ({@code %00}, an over-long request
 * line, a request that is not HTTP) reach the server: each is answered with a truthful
 * 4xx and a problem detail, {@code application/problem+json}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:bad-requests-integration-tests")
@ExtendWith(OutputCaptureExtension.class)
class BadRequestsIntegrationTests {

	private static final String PROBLEM = "urn:actor-registry-sample:problem:";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final AtomicInteger ids = new AtomicInteger();

	@LocalServerPort
	private int port;

	@Autowired
	private ActorRegistry<String, Account> accounts;

	@Test
	void anInvalidAccountIdAnswers400NamingTheRuleAndStartsNoActor() {
		String tooLong = "a".repeat(65);
		for (String id : List.of(tooLong, "a".repeat(5000), "%C3%BCnicode", "-a", ".a", "a%20b", "a%3Bb", "%25")) {
			for (FuzzRequest request : List.of(get("/accounts/" + id), post("/accounts/" + id, null),
					post("/accounts/" + id + "/deposits", "{\"amount\": 1}"),
					post("/accounts/" + id + "/withdrawals", "{\"amount\": 1}"))) {
				JsonNode problem = problem(send(request), 400);
				assertThat(problem.get("type").asString()).isEqualTo(PROBLEM + "invalid-account-id");
				assertThat(problem.get("detail").asString()).contains("1 to 64 ASCII letters, digits, '.', '_' or '-'");
				assertThat(problem.get("rule").asString()).isEqualTo("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
			}
		}
		// the id is shown abbreviated
		JsonNode problem = problem(send(get("/accounts/" + "a".repeat(5000))), 400);
		assertThat(problem.get("account").asString()).endsWith("…(5000 characters)").hasSizeLessThan(120);
		// checked before any actor is asked: none was started for these ids
		assertThat(this.accounts.whichChildren()).extracting(ChildInfo::key)
			.noneMatch((key) -> key.startsWith("aaaa") || key.startsWith("-") || key.startsWith("."));
	}

	@Test
	void theLongestValidIdIsAnAccount() {
		String id = "A1._-".repeat(12) + "abcd";
		assertThat(id).hasSize(64);
		assertThat(send(post("/accounts/" + id, null)).status()).isEqualTo(201);
	}

	@Test
	void aTransferWithAnInvalidAccountIdAnswers400NamingTheField() {
		JsonNode problem = problem(
				send(post("/transfers", "{\"from\": \"a/b\", \"to\": \"" + "b".repeat(65) + "\", \"amount\": 1}")),
				400);
		assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("from", "to");
		assertThat(problem.get("detail").asString()).contains("from must be an account id: 1 to 64 ASCII letters");
	}

	@Test
	void aDepositPastTheLargestBalanceAnswers409AndChangesNothingAndLogsNoError(CapturedOutput output) {
		String id = open(Long.MAX_VALUE - 10);
		JsonNode problem = problem(send(deposit(id, 11)), 409);
		assertThat(problem.get("type").asString()).isEqualTo(PROBLEM + "balance-limit-exceeded");
		assertThat(problem.get("balance").asLong()).isEqualTo(Long.MAX_VALUE - 10);
		assertThat(problem.get("amount").asLong()).isEqualTo(11);
		assertThat(problem.get("limit").asLong()).isEqualTo(Long.MAX_VALUE);
		assertThat(balance(id)).isEqualTo(Long.MAX_VALUE - 10);
		// a transfer into it: refused by the deposit, refunded to the sender
		String from = open(100);
		problem = problem(
				send(post("/transfers", "{\"from\": \"%s\", \"to\": \"%s\", \"amount\": 50}".formatted(from, id))),
				409);
		assertThat(problem.get("account").asString()).isEqualTo(id);
		assertThat(balance(from)).isEqualTo(100);
		assertThat(balance(id)).isEqualTo(Long.MAX_VALUE - 10);
		// the same deposit fits up to the limit
		assertThat(send(deposit(id, 10)).status()).isEqualTo(200);
		assertThat(balance(id)).isEqualTo(Long.MAX_VALUE);
		// a refusal, not a failure: the actor counted none and nothing was logged
		assertThat(this.accounts.child(id).map(ChildInfo::failures)).contains(0L);
		assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("ArithmeticException");
	}

	@Test
	void anAmountThatIsNotAPositiveWholeJsonNumberAnswers400NamingTheField() {
		String id = open(10);
		for (String amount : List.of("\"100\"", "true", "1.5", "1.0", "99999999999999999999", "{\"value\": 1}",
				"[1]")) {
			JsonNode problem = problem(send(post("/accounts/" + id + "/deposits", "{\"amount\": " + amount + "}")),
					400);
			assertThat(problem.get("detail").asString()).as(amount)
				.isEqualTo("The request body's 'amount' is not a whole number from 1 to 9223372036854775807.");
		}
		assertThat(problem(send(post("/accounts/" + id + "/deposits", "{\"amount\": null}")), 400).get("detail")
			.asString()).isEqualTo("amount is required.");
		assertThat(problem(send(post("/transfers", "{\"from\": 1, \"to\": \"%s\", \"amount\": 1}".formatted(id))), 400)
			.get("detail")
			.asString()).isEqualTo("The request body's 'from' is not a string.");
		assertThat(balance(id)).isEqualTo(10);
	}

	@Test
	void aBodyOverFourKibibytesAnswers413WithOrWithoutALength() {
		String id = open(10);
		String large = "{\"amount\": 1, \"padding\": \"" + "a".repeat(4096) + "\"}";
		JsonNode problem = problem(send(post("/accounts/" + id + "/deposits", large)), 413);
		assertThat(problem.get("limit").asInt()).isEqualTo(4096);
		assertThat(problem.get("detail").asString()).contains("larger than 4096 bytes");
		problem(send(chunked("/accounts/" + id + "/deposits", large)), 413);
		// a small chunked body is read and handed on
		assertThat(send(chunked("/accounts/" + id + "/deposits", "{\"amount\": 5}")).status()).isEqualTo(200);
		assertThat(balance(id)).isEqualTo(15);
	}

	@Test
	void aContentTypeThatIsNotOneOfABodyAnswers415() {
		String id = open(0);
		for (String type : List.of("*/*", "application/*", "text/plain", "nonsense")) {
			problem(send(FuzzRequest.http("POST", "/accounts/" + id + "/deposits", Map.of("Content-Type", type),
					"{\"amount\": 1}".getBytes(StandardCharsets.UTF_8))), 415);
		}
		assertThat(balance(id)).isZero();
	}

	@Test
	void mvcAndContainerErrorsAreProblemDetailsWhateverTheClientAccepts() {
		String id = open(0);
		problem(send(get("/nope")), 404);
		problem(send(FuzzRequest.http("GET", "/nope", Map.of("Accept", "text/html"), null)), 404);
		problem(send(FuzzRequest.http("GET", "/accounts/nobody", Map.of("Accept", "application/xml"), null)), 404);
		problem(send(FuzzRequest.http("GET", "/accounts/" + id, Map.of("Accept", "application/xml"), null)), 406);
		problem(send(FuzzRequest.http("PUT", "/accounts/" + id, null, null)), 405);
		// refused by the servlet container itself, answered by the error page
		problem(send(FuzzRequest.http("TRACE", "/accounts/" + id, null, null)), 405);
		// the error page itself is no resource
		problem(send(get("/error")), 404);
	}

	@Test
	void tomcatsOwnRefusalsAreProblemDetails() {
		for (String target : List.of("/accounts/%2F", "/accounts/a%00b", "/accounts/a%5Cb", "/accounts/%zz",
				"/accounts/%FF")) {
			JsonNode problem = problem(send(get(target)), 400);
			assertThat(problem.get("detail").asString()).as(target)
				.startsWith("The server refused the request before it reached the application");
		}
		for (String raw : List.of("GET /accounts/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /accounts/x HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
				"GET /accounts/x HTTP/1.1\r\n\r\n", "HELLO\r\n\r\n", "G(T /accounts/x HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /accounts/x HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n")) {
			problem(send(FuzzRequest.raw(raw.getBytes(StandardCharsets.UTF_8))), 400);
		}
		problem(send(FuzzRequest.raw("GET /accounts/x HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8))),
				505);
	}

	private JsonNode problem(FuzzResponse response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		return problem;
	}

	private String open(long balance) {
		String id = "bad-requests-" + ids.incrementAndGet();
		assertThat(send(post("/accounts/" + id, null)).status()).isEqualTo(201);
		if (balance > 0) {
			assertThat(send(deposit(id, balance)).status()).isEqualTo(200);
		}
		return id;
	}

	private long balance(String id) {
		FuzzResponse response = send(get("/accounts/" + id));
		assertThat(response.status()).isEqualTo(200);
		return json.readTree(response.body()).get("balance").asLong();
	}

	private FuzzResponse send(FuzzRequest request) {
		return SampleFuzzer.send("localhost", this.port, request);
	}

	private static FuzzRequest get(String target) {
		return FuzzRequest.http("GET", target, null, null);
	}

	private static FuzzRequest post(String target, String body) {
		return FuzzRequest.http("POST", target, (body != null) ? Map.of("Content-Type", "application/json") : null,
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null);
	}

	private static FuzzRequest deposit(String id, long amount) {
		return post("/accounts/" + id + "/deposits", "{\"amount\": " + amount + "}");
	}

	private static FuzzRequest chunked(String target, String body) {
		String head = "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
		return FuzzRequest.raw((head + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
	}

}
