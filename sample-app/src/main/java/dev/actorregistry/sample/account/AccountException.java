package dev.actorregistry.sample.account;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An account refused an operation. Each subclass is answered with its own status and a
 * problem detail (RFC 9457) whose {@code type} tells the refusals apart and whose
 * {@code account} property names the account.
 */
public abstract class AccountException extends ErrorResponseException {

	/** Prefix of the problem types of this API. */
	static final String PROBLEM_TYPE_PREFIX = "urn:actor-registry-sample:problem:";

	AccountException(HttpStatus status, String type, String title, String id, String detail) {
		super(status, problem(status, type, title, id, detail), null);
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, String id, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(PROBLEM_TYPE_PREFIX + type));
		problem.setTitle(title);
		problem.setProperty("account", id);
		return problem;
	}

	@Override
	public String getMessage() {
		String detail = getBody().getDetail();
		return (detail != null) ? detail : super.getMessage();
	}

}
