package dev.actorregistry.sample.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report, as a problem detail instead of an HTML page: what Tomcat answers
 * itself, before a request reaches the application, such as a path with an encoded
 * {@code /} ({@code %2F}) or {@code NUL} ({@code %00}), an invalid percent-encoding, an
 * over-long request line or header, or a request that is not HTTP.
 * <p>
 * It writes a fixed text: Tomcat's message for the refusal, and any exception, stay out
 * of the answer. Errors inside the application never get here: the error page
 * ({@link ProblemDetailErrorController}) answers them first.
 */
public class ProblemDetailErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		// the conditions of Tomcat's own report: an error, nothing written yet, reported
		// once, and a connection that can still take an answer
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(problem(status));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away, or the response was taken over: nothing to report to
		}
	}

	static String problem(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String detail = (status == 400)
				? "The server refused the request before it reached the application: its request line, a header or "
						+ "its path is not valid HTTP (an encoded '/', '\\\\' or NUL in the path, an invalid "
						+ "percent-encoding, or a request line or header that is too long, for instance)."
				: "The server refused the request before it reached the application.";
		return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
				+ "\"}";
	}

}
