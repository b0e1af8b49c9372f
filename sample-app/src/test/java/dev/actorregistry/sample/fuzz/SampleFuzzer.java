package dev.actorregistry.sample.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small deterministic fuzzer for the sample's HTTP API: it sends the same few hundred
 * malformed, mistyped and hostile requests in the same order on every run, over a plain
 * socket so that it can send what no HTTP client would (a {@code %00} in a path, an
 * over-long request line, a broken chunk), and tallies the answers: statuses by class,
 * 5xx, and how many error bodies are problem details (RFC 9457).
 * <p>
 * Uses the JDK only, so it runs from its source file against any running sample: <pre>
 * java sample-app/src/test/java/dev/actorregistry/sample/fuzz/SampleFuzzer.java localhost 8080
 * </pre> It opens accounts of its own ({@code fz}, {@code fz2}, {@code fzmax}): run it
 * against a fresh database to get the same figures twice. {@code SampleFuzzTests} runs it
 * against the application in a test.
 */
public final class SampleFuzzer {

	/** Who answers a request: the sample, the library's actuator, or Boot's actuator. */
	public enum Owner {

		/** The sample's own routes, unknown paths and the web server's refusals. */
		SAMPLE,
		/** The library's {@code actors} actuator endpoint. */
		LIBRARY,
		/** Boot's own actuator endpoints ({@code health}, {@code metrics}). */
		BOOT_ACTUATOR

	}

	private static final int TIMEOUT_MILLIS = 20_000;

	private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");

	private SampleFuzzer() {
	}

	/**
	 * Run the fuzzer against a running sample and print the tally and every answer that
	 * is a 5xx or an error that is not a problem detail.
	 * @param args the host and the port
	 * @throws IOException if the sample cannot be reached at all
	 */
	public static void main(String[] args) throws IOException {
		String host = (args.length > 0) ? args[0] : "localhost";
		int port = (args.length > 1) ? Integer.parseInt(args[1]) : 8080;
		Tally tally = run(host, port);
		System.out.println(tally.summary());
		for (Exchange finding : tally.findings()) {
			System.out.println(finding.describe());
		}
	}

	/**
	 * Send every request, in order, and tally the answers.
	 * @param host the sample's host
	 * @param port its port
	 * @return the tally
	 * @throws IOException if the setup requests cannot be sent
	 */
	public static Tally run(String host, int port) throws IOException {
		Tally tally = new Tally();
		for (FuzzRequest request : requests()) {
			tally.add(new Exchange(request, send(host, port, request)));
		}
		return tally;
	}

	/**
	 * The requests, the same on every run: first the accounts the others use, then
	 * mutated ids, bodies, content types, methods, paths and raw malformed requests.
	 * @return the requests in the order they are sent
	 */
	public static List<FuzzRequest> requests() {
		List<FuzzRequest> requests = new ArrayList<>();
		for (String id : List.of("fz", "fz2", "fzmax")) {
			requests.add(FuzzRequest.http("POST", "/accounts/" + id, null, null));
		}
		requests.add(json("POST", "/accounts/fz/deposits", "{\"amount\": 1000}"));
		requests.add(json("POST", "/accounts/fzmax/deposits", "{\"amount\": " + Long.MAX_VALUE + "}"));
		addIds(requests);
		addBodies(requests);
		addContentTypes(requests);
		addMethods(requests);
		addPaths(requests);
		addRaw(requests);
		return requests;
	}

	private static void addIds(List<FuzzRequest> requests) {
		List<String> ids = List.of("fz", "fz.ok-1_2", "a".repeat(64), "a".repeat(65), "a".repeat(1001),
				"a".repeat(5000), "%C3%BCnic%C3%B6de", "%F0%9F%98%80", "%2F", "a%2Fb", "%00", "a%00b", "..", "%2E%2E",
				".", "a%20b", "a;b", "a%3Bb", "%25", "a%5Cb", "-a", ".a", "_a", "a+b", "~a", "%FF", "a%", "%zz", "a'b",
				"%3Cscript%3E", "a%0D%0Ab", "a:b", "a@b", "a,b", "a%22b");
		for (String id : ids) {
			requests.add(FuzzRequest.http("GET", "/accounts/" + id, null, null));
			requests.add(FuzzRequest.http("POST", "/accounts/" + id, null, null));
			requests.add(json("POST", "/accounts/" + id + "/deposits", "{\"amount\": 1}"));
			requests.add(json("POST", "/accounts/" + id + "/withdrawals", "{\"amount\": 1}"));
			requests.add(FuzzRequest.http("GET", "/actuator/actors/account/" + id, null, null));
			requests.add(FuzzRequest.http("DELETE", "/actuator/actors/account/" + id, null, null));
		}
	}

	private static void addBodies(List<FuzzRequest> requests) {
		List<String> bodies = new ArrayList<>(List.of("{\"amount\": \"100\"}", "{\"amount\": 1.5}", "{\"amount\": 1.0}",
				"{\"amount\": true}", "{\"amount\": null}", "{}", "[]", "\"100\"", "100", "null", "{\"amount\": 1e3}",
				"{\"amount\": 1E400}", "{\"amount\": 99999999999999999999}", "{\"amount\": -99999999999999999999}",
				"{\"amount\": -1}", "{\"amount\": 0}", "{\"amount\": {\"value\": 1}}", "{\"amount\": [1]}",
				"{\"amount\": 1, \"amount\": 2}", "{\"amount\": 1} trailing", "{\"amount\": NaN}",
				"{\"amount\": \"\uff11\uff10\uff10\"}", "{\"amount\": 0x10}", "{\"amount\": 01}", "not json", "", "{",
				"{\"amount\": " + "[".repeat(3000) + "]".repeat(3000) + "}",
				"{\"amount\": 1, \"padding\": \"" + "a".repeat(1024 * 1024) + "\"}"));
		for (String body : bodies) {
			requests.add(json("POST", "/accounts/fz/deposits", body));
			requests.add(json("POST", "/accounts/fz/withdrawals", body));
		}
		// over the top: Long.MAX_VALUE is in fzmax, and fz has 1000
		requests.add(json("POST", "/accounts/fzmax/deposits", "{\"amount\": 1}"));
		requests.add(json("POST", "/transfers", "{\"from\": \"fz\", \"to\": \"fzmax\", \"amount\": 1}"));
		requests.add(FuzzRequest.http("POST", "/accounts/fz/deposits", Map.of("Content-Type", "application/json"),
				new byte[] { '{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}' }));
		List<String> transfers = List.of("{\"from\": \"fz\", \"to\": \"fz2\", \"amount\": 1}",
				"{\"from\": \"fz\", \"to\": \"fz\", \"amount\": 1}",
				"{\"from\": \"a/b\", \"to\": \"fz\", \"amount\": 1}",
				"{\"from\": \"fz\", \"to\": \"" + "b".repeat(5000) + "\", \"amount\": 1}",
				"{\"from\": \"\u00fcnic\u00f6de\", \"to\": \"fz\", \"amount\": 1}",
				"{\"from\": \"fz\", \"to\": \"..\", \"amount\": 1}", "{\"from\": 1, \"to\": 2, \"amount\": 1}",
				"{\"from\": [\"fz\"], \"to\": \"fz2\", \"amount\": 1}",
				"{\"from\": null, \"to\": null, \"amount\": null}",
				"{\"from\": \"fz\", \"to\": \"fz2\", \"amount\": \"1\"}",
				"{\"from\": \"fz\", \"to\": \"fz2\", \"amount\": 1.5}",
				"{\"from\": \"fz\", \"to\": \"fz2\", \"amount\": 99999999999999999999}",
				"{\"from\": \"fz\", \"to\": \"nobody\", \"amount\": 1}",
				"{\"from\": \"fz2\", \"to\": \"fz\", \"amount\": 5000}",
				"{\"from\": \"\", \"to\": \" \", \"amount\": 1}", "not json");
		for (String body : transfers) {
			requests.add(json("POST", "/transfers", body));
		}
	}

	private static void addContentTypes(List<FuzzRequest> requests) {
		byte[] body = "{\"amount\": 1}".getBytes(StandardCharsets.UTF_8);
		for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
				"multipart/form-data; boundary=x", "application/json; charset=UTF-16", "application/json; charset=nope",
				"garbage/", ";;;", "*/*")) {
			requests.add(FuzzRequest.http("POST", "/accounts/fz/deposits", Map.of("Content-Type", type), body));
		}
		requests.add(FuzzRequest.http("POST", "/accounts/fz/deposits", null, body));
		for (String accept : List.of("application/xml", "text/html", "image/png", "garbage", "application/json;q=0")) {
			requests.add(FuzzRequest.http("GET", "/accounts/fz", Map.of("Accept", accept), null));
			requests.add(FuzzRequest.http("GET", "/accounts/nobody", Map.of("Accept", accept), null));
			requests.add(FuzzRequest.http("GET", "/nope", Map.of("Accept", accept), null));
			requests.add(FuzzRequest.http("POST", "/accounts/fz/deposits",
					Map.of("Accept", accept, "Content-Type", "application/json"),
					"{\"amount\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
		}
	}

	private static void addMethods(List<FuzzRequest> requests) {
		for (String path : List.of("/accounts/fz", "/accounts/fz/deposits", "/transfers", "/actuator/actors",
				"/actuator/actors/account/fz", "/actuator/health", "/nope")) {
			for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO")) {
				requests.add(FuzzRequest.http(method, path, null, null));
			}
		}
	}

	private static void addPaths(List<FuzzRequest> requests) {
		for (String path : List.of("/", "/nope", "/accounts", "/accounts/", "/accounts/fz/", "/accounts/fz/deposits/x",
				"/error", "/actuator", "/actuator/nope", "/actuator/actors/nope", "/actuator/actors/account/fz/x",
				"/actuator/metrics/nope", "/actuator/health/nope", "/favicon.ico", "/static/../../etc/passwd",
				"/%2e%2e/%2e%2e/etc/passwd", "/accounts/fz?x=%zz", "/actuator/actors/account?offset=-1&limit=abc",
				"/actuator/actors/account?limit=99999999999999", "/accounts/fz;jsessionid=x", "//accounts//fz",
				"/accounts/%66z", "/ACCOUNTS/fz")) {
			requests.add(FuzzRequest.http("GET", path, null, null));
		}
	}

	private static void addRaw(List<FuzzRequest> requests) {
		List<String> raws = List.of("GET /accounts/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /accounts/fz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
				"GET /accounts/fz HTTP/1.1\r\nHost: x\r\n" + "X-Many: a\r\n".repeat(200) + "\r\n",
				"GET /accounts/fz HTTP/9.9\r\nHost: x\r\n\r\n", "GET /accounts/fz HTTP/1.1\r\n\r\n", "HELLO\r\n\r\n",
				"get /accounts/fz HTTP/1.1\r\nHost: x\r\n\r\n", "G(T /accounts/fz HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET\t/accounts/fz HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /accounts/fz HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n",
				"GET /accounts/fz HTTP/1.1\r\nHost: x\r\nBad : space\r\n\r\n",
				"POST /accounts/fz/deposits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
						+ "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
				"POST /accounts/fz/deposits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
						+ "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
				"POST /accounts/fz/deposits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
						+ "Content-Length: -1\r\n\r\n",
				"POST /accounts/fz/deposits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
						+ "Content-Length: abc\r\n\r\n",
				"POST /accounts/fz/deposits HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
						+ "Transfer-Encoding: chunked\r\n\r\n"
						+ chunked("{\"amount\": 1, \"padding\": \"" + "a".repeat(64 * 1024) + "\"}"),
				"GET http://x/accounts/fz HTTP/1.1\r\nHost: x\r\n\r\n", "GET * HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /accounts/f z HTTP/1.1\r\nHost: x\r\n\r\n", "GET /accounts/f\u00fcz HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /accounts/fz HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
				"GET accounts/fz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /accounts/fz?a=%00 HTTP/1.1\r\nHost: x\r\n\r\n",
				"GET /accounts/fz HTTP/1.1\r\nHost: x\r\nExpect: 100-nope\r\n\r\n");
		for (String raw : raws) {
			requests.add(FuzzRequest.raw(raw.getBytes(StandardCharsets.UTF_8)));
		}
	}

	private static String chunked(String body) {
		StringBuilder chunks = new StringBuilder();
		for (int start = 0; start < body.length(); start += 1024) {
			String chunk = body.substring(start, Math.min(body.length(), start + 1024));
			chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
		}
		return chunks.append("0\r\n\r\n").toString();
	}

	private static FuzzRequest json(String method, String path, String body) {
		return FuzzRequest.http(method, path, Map.of("Content-Type", "application/json"),
				body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send one request on a connection of its own and read the answer to the end.
	 * @param host the host
	 * @param port the port
	 * @param request the request
	 * @return the answer, or a status of 0 when the connection closed without one
	 */
	public static FuzzResponse send(String host, int port, FuzzRequest request) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request.bytes());
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer and close before it read everything: read on
			}
			return FuzzResponse.parse(readAll(socket.getInputStream()));
		}
		catch (SocketTimeoutException ex) {
			return new FuzzResponse(0, "", "(no answer within " + TIMEOUT_MILLIS + " ms)");
		}
		catch (IOException ex) {
			return new FuzzResponse(0, "", "(" + ex.getClass().getSimpleName() + ")");
		}
	}

	// Reads until the connection closes or the answer is complete: a raw request keeps
	// the connection open, and waiting for the server to close it would take its
	// keep-alive timeout.
	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				bytes.write(buffer, 0, read);
				if (isComplete(bytes.toByteArray())) {
					break;
				}
			}
		}
		catch (IOException ex) {
			// a reset after the answer: keep what arrived
			if (bytes.size() == 0) {
				throw ex;
			}
		}
		return bytes.toByteArray();
	}

	private static boolean isComplete(byte[] bytes) {
		int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		if (headEnd < 0) {
			return false;
		}
		String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
		String length = FuzzResponse.header(head, "content-length");
		if (!length.isEmpty()) {
			return bytes.length - headEnd - 4 >= Long.parseLong(length);
		}
		if (FuzzResponse.header(head, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
			String text = new String(bytes, headEnd, bytes.length - headEnd, StandardCharsets.ISO_8859_1);
			return text.endsWith("\r\n0\r\n\r\n") || text.equals("\r\n\r\n0\r\n\r\n");
		}
		return false;
	}

	/**
	 * A request: a method, a target, headers and a body, or raw bytes.
	 *
	 * @param method the method, or "RAW"
	 * @param target the request target, or the first line of the raw bytes
	 * @param bytes what is written to the socket
	 */
	public record FuzzRequest(String method, String target, byte[] bytes) {

		/**
		 * A well-formed request on a connection that closes after it.
		 * @param method the method
		 * @param target the request target, sent as it is
		 * @param headers headers besides {@code Host} and {@code Connection}, or null
		 * @param body the body, or null for none
		 * @return the request
		 */
		public static FuzzRequest http(String method, String target, Map<String, String> headers, byte[] body) {
			StringBuilder head = new StringBuilder(method).append(' ')
				.append(target)
				.append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
			if (headers != null) {
				new TreeMap<>(headers)
					.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			}
			if (body != null) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
			byte[] all = new byte[start.length + ((body != null) ? body.length : 0)];
			System.arraycopy(start, 0, all, 0, start.length);
			if (body != null) {
				System.arraycopy(body, 0, all, start.length, body.length);
			}
			return new FuzzRequest(method, target, all);
		}

		/**
		 * Bytes sent as they are.
		 * @param bytes the bytes
		 * @return the request
		 */
		public static FuzzRequest raw(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.UTF_8);
			int end = text.indexOf('\r');
			return new FuzzRequest("RAW", (end >= 0) ? text.substring(0, end) : text, bytes);
		}

		/**
		 * Who owns the answer to this request.
		 * @return the owner
		 */
		public Owner owner() {
			String path = ("RAW".equals(this.method)) ? "" : this.target;
			if (path.startsWith("/actuator/actors")) {
				return Owner.LIBRARY;
			}
			if (path.startsWith("/actuator/health") || path.startsWith("/actuator/metrics")) {
				return Owner.BOOT_ACTUATOR;
			}
			return Owner.SAMPLE;
		}

		String summary() {
			String text = this.method + " " + this.target;
			int bodyStart = indexOf(this.bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			if (!"RAW".equals(this.method) && bodyStart >= 0 && bodyStart + 4 < this.bytes.length) {
				text += " " + new String(this.bytes, bodyStart + 4, this.bytes.length - bodyStart - 4,
						StandardCharsets.UTF_8);
			}
			return abbreviate(text, 160);
		}

	}

	/**
	 * An answer.
	 *
	 * @param status the status, 0 when there was none
	 * @param contentType its content type, empty when it had none
	 * @param body its body, decoded from chunks
	 */
	public record FuzzResponse(int status, String contentType, String body) {

		static FuzzResponse parse(byte[] bytes) {
			int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			String head = new String(bytes, 0, (headEnd >= 0) ? headEnd : bytes.length, StandardCharsets.ISO_8859_1);
			Matcher status = STATUS_LINE.matcher(head);
			if (!status.find()) {
				return new FuzzResponse(0, "", "(no status line: " + abbreviate(head, 80) + ")");
			}
			String contentType = header(head, "content-type");
			byte[] body = (headEnd >= 0) ? java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length) : new byte[0];
			if (header(head, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
				body = dechunk(body);
			}
			return new FuzzResponse(Integer.parseInt(status.group(1)), contentType,
					new String(body, StandardCharsets.UTF_8));
		}

		static String header(String head, String name) {
			for (String line : head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
					return line.substring(colon + 1).trim();
				}
			}
			return "";
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int at = 0;
			while (at < chunked.length) {
				int lineEnd = indexOf(java.util.Arrays.copyOfRange(chunked, at, chunked.length),
						"\r\n".getBytes(StandardCharsets.ISO_8859_1));
				if (lineEnd < 0) {
					break;
				}
				String size = new String(chunked, at, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
				int length = Integer.parseInt(size, 16);
				if (length == 0) {
					break;
				}
				int start = at + lineEnd + 2;
				body.write(chunked, start, Math.min(length, chunked.length - start));
				at = start + length + 2;
			}
			return body.toByteArray();
		}

		/**
		 * Whether this is an error answered with a problem detail: the problem media type
		 * and a body with the same status and a title.
		 * @return true for a problem detail
		 */
		public boolean isProblemDetail() {
			return this.contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")
					&& this.body.matches("(?s)\\s*\\{.*") && this.body.contains("\"status\":" + this.status)
					&& this.body.contains("\"title\":");
		}

	}

	/**
	 * A request with its answer.
	 *
	 * @param request the request
	 * @param response the answer
	 */
	public record Exchange(FuzzRequest request, FuzzResponse response) {

		/**
		 * Whether this answer is wrong: a 5xx (every request here is the client's doing,
		 * so none is the server's error) other than 505, no answer, or an error that is
		 * not a problem detail. 505 HTTP Version Not Supported is the status HTTP defines
		 * for a request in a version the server does not speak ({@code HTTP/9.9} here),
		 * so it is the truthful answer, not a server error.
		 * @return true for a finding
		 */
		public boolean isFinding() {
			int status = this.response.status();
			return status == 0 || (status >= 500 && status != 505)
					|| (status >= 400 && !this.response.isProblemDetail());
		}

		String describe() {
			return this.request.owner() + " " + this.response.status() + " ["
					+ (this.response.contentType().isEmpty() ? "no content type" : this.response.contentType()) + "] "
					+ this.request.summary() + "\n    -> "
					+ abbreviate(this.response.body().replaceAll("\\s+", " "), 200);
		}

	}

	/**
	 * The answers, tallied.
	 */
	public static final class Tally {

		private final List<Exchange> exchanges = new ArrayList<>();

		void add(Exchange exchange) {
			this.exchanges.add(exchange);
		}

		/**
		 * Every request with its answer, in the order sent.
		 * @return the exchanges
		 */
		public List<Exchange> exchanges() {
			return List.copyOf(this.exchanges);
		}

		/**
		 * The answers that are wrong.
		 * @return the findings, in the order sent
		 */
		public List<Exchange> findings() {
			return this.exchanges.stream().filter(Exchange::isFinding).toList();
		}

		/**
		 * The findings for one owner.
		 * @param owner who answered
		 * @return its findings
		 */
		public List<Exchange> findings(Owner owner) {
			return findings().stream().filter((exchange) -> exchange.request().owner() == owner).toList();
		}

		/**
		 * A few lines: statuses by class, 5xx, and the share of problem details among the
		 * errors, for all answers and for each owner.
		 * @return the summary
		 */
		public String summary() {
			StringBuilder summary = new StringBuilder(line("all", this.exchanges));
			for (Owner owner : Owner.values()) {
				summary.append('\n')
					.append(line(owner.name().toLowerCase(Locale.ROOT),
							this.exchanges.stream()
								.filter((exchange) -> exchange.request().owner() == owner)
								.toList()));
			}
			return summary.toString();
		}

		private static String line(String name, List<Exchange> exchanges) {
			Map<String, Integer> classes = new TreeMap<>();
			Map<Integer, Integer> serverErrors = new TreeMap<>();
			int errors = 0;
			int problems = 0;
			for (Exchange exchange : exchanges) {
				int status = exchange.response().status();
				classes.merge((status == 0) ? "none" : (status / 100) + "xx", 1, Integer::sum);
				if (status >= 500) {
					serverErrors.merge(status, 1, Integer::sum);
				}
				if (status >= 400) {
					errors++;
					problems += exchange.response().isProblemDetail() ? 1 : 0;
				}
			}
			int nonProblem = (int) exchanges.stream()
				.filter((exchange) -> exchange.response().status() >= 400 && !exchange.response().isProblemDetail())
				.count();
			return String.format(Locale.ROOT,
					"%-13s %4d requests, by class %s, 5xx %s, errors %d of which problem details %d (%.1f%%), other %d",
					name, exchanges.size(), classes, serverErrors, errors, problems,
					(errors == 0) ? 100.0 : 100.0 * problems / errors, nonProblem);
		}

	}

	static int indexOf(byte[] bytes, byte[] what) {
		outer: for (int i = 0; i + what.length <= bytes.length; i++) {
			for (int j = 0; j < what.length; j++) {
				if (bytes[i + j] != what[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	static String abbreviate(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max) + "...(" + text.length() + " chars)";
	}

}
