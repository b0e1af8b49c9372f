package dev.actorregistry.spring.actuate;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.http.MediaType;

import dev.actorregistry.spring.actuate.ActorsEndpoint.StopDescriptor;

/**
 * The HTTP face of the {@link ActorsEndpoint}: for a stop, 204 when the actor is gone or
 * 202 when it is still finishing a message; for an unknown registry or actor, 404, and
 * for bad paging values or a key that does not convert, 400, each with a problem detail
 * (RFC 9457, {@code application/problem+json}) whose detail says what was not found or
 * what was wrong, where the actuator alone would answer 404 with no body. A parameter
 * that is not a number is refused by the actuator itself, before any operation runs.
 */
@EndpointWebExtension(endpoint = ActorsEndpoint.class)
public class ActorsEndpointWebExtension {

	/** An actor asked to stop is still running its last message. */
	static final int STATUS_ACCEPTED = 202;

	private final ActorsEndpoint endpoint;

	/**
	 * Create the extension.
	 * @param endpoint the endpoint it answers for
	 */
	public ActorsEndpointWebExtension(ActorsEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * {@code GET /actuator/actors/{registry}?offset=&limit=}: a page of actors.
	 * @param securityContext who asks
	 * @param registry the registry's name
	 * @param offset how many actors to skip
	 * @param limit the most actors to return
	 * @return 200 with the page, or 404 or 400 with a problem detail
	 */
	@ReadOperation
	public WebEndpointResponse<?> actors(SecurityContext securityContext, @Selector String registry,
			@Nullable Integer offset, @Nullable Integer limit) {
		return respond(() -> this.endpoint.actors(securityContext, registry, offset, limit),
				() -> this.endpoint.notFound(securityContext, registry, null));
	}

	/**
	 * {@code GET /actuator/actors/{registry}/{key}}: one actor.
	 * @param securityContext who asks
	 * @param registry the registry's name
	 * @param key the actor's key as text
	 * @return 200 with the actor, or 404 or 400 with a problem detail
	 */
	@ReadOperation
	public WebEndpointResponse<?> actor(SecurityContext securityContext, @Selector String registry,
			@Selector String key) {
		return respond(() -> this.endpoint.actor(securityContext, registry, key),
				() -> this.endpoint.notFound(securityContext, registry, key));
	}

	/**
	 * {@code DELETE /actuator/actors/{registry}/{key}}: stop one actor.
	 * @param securityContext who asks
	 * @param registry the registry's name
	 * @param key the actor's key as text
	 * @return 204 once it is gone, 202 with the outcome if it is still finishing a
	 * message, or 404 or 400 with a problem detail
	 */
	@DeleteOperation
	public WebEndpointResponse<?> stop(SecurityContext securityContext, @Selector String registry,
			@Selector String key) {
		WebEndpointResponse<?> response = respond(() -> this.endpoint.stop(securityContext, registry, key),
				() -> this.endpoint.notFound(securityContext, registry, key));
		if (response.getBody() instanceof StopDescriptor stop) {
			return stop.stopped() ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT)
					: new WebEndpointResponse<>(stop, STATUS_ACCEPTED);
		}
		return response;
	}

	private static WebEndpointResponse<?> respond(Supplier<@Nullable Object> operation, Supplier<String> notFound) {
		try {
			Object body = operation.get();
			return (body != null) ? new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK)
					: problem(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found", notFound.get());
		}
		catch (InvalidEndpointRequestException ex) {
			// the endpoint's own messages, which name the value that is wrong
			return problem(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", String.valueOf(ex.getMessage()));
		}
	}

	private static WebEndpointResponse<Problem> problem(int status, String title, String detail) {
		return new WebEndpointResponse<>(new Problem(title, status, detail), status,
				MediaType.APPLICATION_PROBLEM_JSON);
	}

	/**
	 * A problem detail (RFC 9457) of type {@code about:blank}, the type left out.
	 *
	 * @param title the status's phrase
	 * @param status the status code
	 * @param detail what was not found, or what was wrong with the request
	 */
	public record Problem(String title, int status, String detail) implements OperationResponseBody {
	}

}
