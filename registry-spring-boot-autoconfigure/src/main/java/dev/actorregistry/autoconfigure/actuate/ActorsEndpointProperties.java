package dev.actorregistry.autoconfigure.actuate;

import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code actors} actuator endpoint, under {@code actors.endpoint.*}.
 *
 * @param showState When the detail of a persistent actor shows its current state. States
 * may hold personal data: like the values of the env endpoint, they are hidden unless
 * allowed.
 * @param roles Roles allowed to see states when show-state is when-authorized; empty for
 * any authenticated user.
 */
@ConfigurationProperties("actors.endpoint")
public record ActorsEndpointProperties(@DefaultValue("never") Show showState, @DefaultValue Set<String> roles) {
}
