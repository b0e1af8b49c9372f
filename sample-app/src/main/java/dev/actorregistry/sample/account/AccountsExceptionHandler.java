package dev.actorregistry.sample.account;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every Spring MVC error and every {@link AccountException} with a problem detail
 * (RFC 9457), and spells out which fields of a request body are invalid. The registry's
 * own refusals (503 while draining, 429 for a full mailbox) are answered by the starter.
 */
@RestControllerAdvice
public class AccountsExceptionHandler extends ResponseEntityExceptionHandler {

	/**
	 * A request body failed validation: 400, with every broken constraint in the detail
	 * and in the {@code errors} property, so a client can tell which field to fix.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> errors = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map(InvalidField::of)
			.sorted(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message))
			.toList();
		ProblemDetail problem = ex.getBody();
		problem.setTitle("Invalid request");
		problem.setDetail(errors.stream().map(InvalidField::message).collect(Collectors.joining("; ")) + ".");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * A request body could not be read: 400, naming the field whose value has the wrong
	 * type (such as {@code {"amount": 1.5}}, {@code {"amount": "100"}} or a number past
	 * {@link Long#MAX_VALUE}) when there is one.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, unreadable(ex.getCause()));
		problem.setTitle("Unreadable request");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	private static String unreadable(@Nullable Throwable cause) {
		// the path is on every Jackson failure, including a number out of a long's range
		if (cause instanceof JacksonException failure && !failure.getPath().isEmpty()) {
			String field = failure.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."));
			return "The request body's '" + field + "' is not " + expected(targetType(failure)) + ".";
		}
		return "The request body is not valid JSON, such as {\"amount\": 100}.";
	}

	private static @Nullable Class<?> targetType(JacksonException failure) {
		if (failure instanceof MismatchedInputException mismatch) {
			return mismatch.getTargetType();
		}
		if (failure instanceof InputCoercionException coercion) {
			return coercion.getTargetType();
		}
		return null;
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
			return "a whole number from 1 to " + Long.MAX_VALUE;
		}
		if (type == String.class) {
			return "a string";
		}
		return "of the expected type";
	}

	/**
	 * Every answer of this handler is a problem detail, and says so in its content type
	 * whatever the request's {@code Accept}: left to content negotiation, a client that
	 * accepts only {@code text/html} would get the status with an empty body.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail) {
			HttpHeaders problemHeaders = new HttpHeaders();
			problemHeaders.addAll(headers);
			problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			return super.createResponseEntity(body, problemHeaders, statusCode, request);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	/**
	 * One broken constraint of a request body.
	 *
	 * @param field the field's name
	 * @param message what is wrong with it
	 */
	record InvalidField(String field, String message) {

		static InvalidField of(ObjectError error) {
			String field = (error instanceof FieldError fieldError) ? fieldError.getField() : error.getObjectName();
			return new InvalidField(field, String.valueOf(error.getDefaultMessage()));
		}

	}

}
