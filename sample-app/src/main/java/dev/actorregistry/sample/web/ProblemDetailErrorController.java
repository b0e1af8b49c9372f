package dev.actorregistry.sample.web;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, in place of Boot's {@code BasicErrorController}: an
 * error that happened outside Spring MVC's exception handlers (the container refused a
 * method such as {@code TRACE}, a filter refused a request) is answered with a problem
 * detail instead of Boot's {@code {"timestamp", "error"}} body or a Whitelabel page.
 * <p>
 * A filter that refuses a request puts the problem in the request attribute
 * {@link #PROBLEM_ATTRIBUTE} before it calls {@code sendError}; any other error gets a
 * problem with the status and its reason phrase only, since an exception's message may
 * tell what a client must not see.
 */
@RestController
@RequestMapping("${spring.web.error.path:/error}")
public class ProblemDetailErrorController implements ErrorController {

	/** The request attribute that holds the problem a filter answered with. */
	public static final String PROBLEM_ATTRIBUTE = ProblemDetailErrorController.class.getName() + ".problem";

	/**
	 * Answer the error of the request being dispatched, or 404 when a client asks for the
	 * error page itself.
	 * @param request the request
	 * @return the problem, as {@code application/problem+json} whatever the request
	 * accepts
	 */
	@RequestMapping
	public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		ProblemDetail problem = (request.getAttribute(PROBLEM_ATTRIBUTE) instanceof ProblemDetail filtered) ? filtered
				: problemFor(status(request));
		if (problem.getInstance() == null
				&& request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
			problem.setInstance(instance(path));
		}
		// a preset content type is not negotiated
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static HttpStatusCode status(HttpServletRequest request) {
		// no status: not an error dispatch, a client asked for /error
		return (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code && code >= 400)
				? HttpStatusCode.valueOf(code) : HttpStatus.NOT_FOUND;
	}

	private static @Nullable URI instance(String path) {
		try {
			return new URI(path);
		}
		catch (URISyntaxException ex) {
			return null; // a path Tomcat let through but URI does not: left out
		}
	}

	private static ProblemDetail problemFor(HttpStatusCode status) {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		if (status instanceof HttpStatus known) {
			problem.setTitle(known.getReasonPhrase());
		}
		return problem;
	}

}
