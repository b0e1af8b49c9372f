package dev.actorregistry.sample.web;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body the application should not read, before any controller sees it:
 * one larger than {@code sample.request-body.max-size} (413), and one whose
 * {@code Content-Type} is not a media type a body can have, such as {@code *}{@code /*}
 * (415; Spring MVC fails on a wildcard with a 500).
 * <p>
 * A body with a {@code Content-Length} is judged by it, unread. A chunked body has no
 * length up front: it is read here, at most one byte past the limit, and handed on from
 * memory. Refusals are answered by the error page, {@link ProblemDetailErrorController},
 * with the problem this filter leaves in the request.
 */
@Component
public class RequestBodyFilter extends OncePerRequestFilter {

	private static final int SHOWN = 100;

	private final int maxSize;

	RequestBodyFilter(RequestBodyProperties properties) {
		this.maxSize = (int) properties.maxSize().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		if (contentType != null && !isConcrete(contentType)) {
			refuse(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + abbreviate(contentType)
					+ "' is not the media type of a body; send application/json.");
			return;
		}
		long length = request.getContentLengthLong();
		if (length > this.maxSize) {
			refuseTooLarge(request, response);
			return;
		}
		if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
			byte[] body;
			try {
				body = request.getInputStream().readNBytes(this.maxSize + 1);
			}
			catch (IOException ex) {
				// a broken chunk, or a client that went away: Tomcat answers the first
				if (!response.isCommitted()) {
					refuse(request, response, HttpStatus.BAD_REQUEST, "The request body could not be read.");
				}
				return;
			}
			if (body.length > this.maxSize) {
				refuseTooLarge(request, response);
				return;
			}
			chain.doFilter(new ReadBodyRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isConcrete(String contentType) {
		try {
			return MediaType.parseMediaType(contentType).isConcrete();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private void refuseTooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ProblemDetail problem = refusal(HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than " + this.maxSize + " bytes, the most this application reads.");
		problem.setProperty("limit", this.maxSize);
		send(request, response, problem);
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String detail) throws IOException {
		send(request, response, refusal(status, detail));
	}

	private static ProblemDetail refusal(HttpStatus status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(status.getReasonPhrase());
		return problem;
	}

	private static void send(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		request.setAttribute(ProblemDetailErrorController.PROBLEM_ATTRIBUTE, problem);
		response.sendError(problem.getStatus());
	}

	private static String abbreviate(String text) {
		return (text.length() <= SHOWN) ? text : text.substring(0, SHOWN) + "…";
	}

	private static Charset charset(@Nullable String encoding) {
		try {
			return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8; // an unknown or illegal name: JSON is UTF-8
		}
	}

	/**
	 * A request whose body was read already, served from memory.
	 */
	private static final class ReadBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream bytes = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return bytes.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return bytes.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return bytes.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read already: read it blocking");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(getInputStream(), charset(getCharacterEncoding())));
		}

	}

}
