package dev.actorregistry.autoconfigure.actuate;

import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@code actors} actuator endpoint, under
 * {@code management.endpoint.actors.*} as those of Boot's own endpoints (env,
 * configprops, quartz).
 *
 * @param showValues When the detail of a persistent actor shows its current state. States
 * may hold personal data: like the values of the env endpoint, they are hidden unless
 * allowed.
 * @param showKeys When actors' keys are shown; otherwise each key is shown as a digest
 * (sha256: and 12 hex digits), the same for a key everywhere, for keys that are personal
 * data.
 * @param roles Roles allowed to see states and keys when show-values or show-keys is
 * when-authorized; empty for any authenticated user.
 */
@ConfigurationProperties(ActorsEndpointProperties.PREFIX)
public record ActorsEndpointProperties(@DefaultValue("never") Show showValues, @DefaultValue("always") Show showKeys,
		@DefaultValue Set<String> roles) {

	/** Where these settings live. */
	public static final String PREFIX = "management.endpoint.actors";

}
