package dev.actorregistry.spring.actuate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.RegistryStatus;

/**
 * The health of one registry: {@code UP} while it runs, {@code OUT_OF_SERVICE} once it
 * drains or has stopped, with its status and its actors' counts (OTP's
 * {@code count_children}) as details.
 */
class RegistryHealthIndicator implements HealthIndicator {

	private final ActorRegistry<?, ?> registry;

	/**
	 * Create the indicator.
	 * @param registry the registry to report on
	 */
	RegistryHealthIndicator(ActorRegistry<?, ?> registry) {
		this.registry = registry;
	}

	@Override
	public Health health() {
		RegistryStatus status = this.registry.status();
		Health.Builder builder = (status == RegistryStatus.RUNNING) ? Health.up() : Health.outOfService();
		return builder.withDetail("status", status).withDetail("counts", this.registry.countChildren()).build();
	}

}
