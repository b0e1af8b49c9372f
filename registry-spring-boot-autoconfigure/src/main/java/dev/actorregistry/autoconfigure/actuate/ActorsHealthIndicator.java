package dev.actorregistry.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ChildCounts;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.spring.ActorRegistries;

/**
 * The {@code actors} health contributor: {@code UP} while every registry runs,
 * {@code OUT_OF_SERVICE} as soon as one drains or has stopped, so that a load balancer
 * sends no new work to an instance that would refuse to start actors. Details name each
 * registry with its status and counts.
 */
public class ActorsHealthIndicator extends AbstractHealthIndicator {

	private final ActorRegistries registries;

	/**
	 * Create the indicator.
	 * @param registries the registries to report on
	 */
	public ActorsHealthIndicator(ActorRegistries registries) {
		super("Actor registries health check failed");
		this.registries = registries;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, RegistryHealth> details = new LinkedHashMap<>();
		boolean allRunning = true;
		for (Map.Entry<String, ActorRegistry<?, ?>> entry : this.registries.all().entrySet()) {
			ActorRegistry<?, ?> registry = entry.getValue();
			RegistryStatus status = registry.status();
			allRunning &= (status == RegistryStatus.RUNNING);
			details.put(entry.getKey(), new RegistryHealth(status, registry.countChildren()));
		}
		(allRunning ? builder.up() : builder.outOfService()).withDetails(details);
	}

	/**
	 * The health of one registry.
	 *
	 * @param status where it is in its life
	 * @param counts its actors in the shape of OTP's {@code count_children}
	 */
	public record RegistryHealth(RegistryStatus status, ChildCounts counts) {
	}

}
