package dev.actorregistry.autoconfigure.actuate;

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

import dev.actorregistry.autoconfigure.actuate.ActorsEndpoint.StopDescriptor;

/**
 * The HTTP face of the {@link ActorsEndpoint}: 404 for an unknown registry or actor, 400
 * with a message for bad paging values or a key that does not convert, and for a stop 204
 * when the actor is gone or 202 when it is still finishing a message.
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
	 * @param registry the registry's name
	 * @param offset how many actors to skip
	 * @param limit the most actors to return
	 * @return 200 with the page, 404, or 400 with a message
	 */
	@ReadOperation
	public WebEndpointResponse<?> actors(@Selector String registry, @Nullable Integer offset, @Nullable Integer limit) {
		return respond(() -> this.endpoint.actors(registry, offset, limit));
	}

	/**
	 * {@code GET /actuator/actors/{registry}/{key}}: one actor.
	 * @param securityContext who asks
	 * @param registry the registry's name
	 * @param key the actor's key as text
	 * @return 200 with the actor, 404, or 400 with a message
	 */
	@ReadOperation
	public WebEndpointResponse<?> actor(SecurityContext securityContext, @Selector String registry,
			@Selector String key) {
		return respond(() -> this.endpoint.actor(securityContext, registry, key));
	}

	/**
	 * {@code DELETE /actuator/actors/{registry}/{key}}: stop one actor.
	 * @param registry the registry's name
	 * @param key the actor's key as text
	 * @return 204 once it is gone, 202 with the outcome if it is still finishing a
	 * message, 404, or 400 with a message
	 */
	@DeleteOperation
	public WebEndpointResponse<?> stop(@Selector String registry, @Selector String key) {
		WebEndpointResponse<?> response = respond(() -> this.endpoint.stop(registry, key));
		if (response.getBody() instanceof StopDescriptor stop) {
			return stop.stopped() ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT)
					: new WebEndpointResponse<>(stop, STATUS_ACCEPTED);
		}
		return response;
	}

	private static WebEndpointResponse<?> respond(Supplier<@Nullable Object> operation) {
		try {
			Object body = operation.get();
			return (body != null) ? new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK)
					: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (InvalidEndpointRequestException ex) {
			return new WebEndpointResponse<>(new BadRequestDescriptor(ex.getMessage()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * Why a request was refused.
	 *
	 * @param message what was wrong with it
	 */
	public record BadRequestDescriptor(@Nullable String message) implements OperationResponseBody {
	}

}
