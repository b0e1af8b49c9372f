package dev.actorregistry.autoconfigure.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the registries' refusals are answered over HTTP, under {@code actors.web.*}.
 *
 * @param maskKeys Whether problem details show a digest of the actor's key (sha256: and
 * 12 hex digits) rather than the key, for keys that are personal data.
 */
@ConfigurationProperties("actors.web")
public record ActorsWebProperties(boolean maskKeys) {
}
