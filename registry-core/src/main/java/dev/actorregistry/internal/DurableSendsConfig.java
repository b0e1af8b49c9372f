package dev.actorregistry.internal;

import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.invocation.InvocationRouter;

/**
 * How a registry sends and receives durably, validated by the builder.
 *
 * @param codec writes and reads the arguments of sends
 * @param router carries sends between registries
 */
public record DurableSendsConfig(InvocationCodec codec, InvocationRouter router) {
}
