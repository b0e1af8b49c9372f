package dev.actorregistry.internal;

import dev.actorregistry.ActorRegistry;

/**
 * The periodic work a registry schedules for itself, callable on demand: what the test
 * kit ({@code registry-test}) runs after advancing a manual clock, so that tests need
 * neither sleeps nor hooks on the public {@link ActorRegistry} interface. Exported to the
 * test kit only.
 */
public interface RegistryMaintenance {

	/**
	 * Passivate every actor idle for longer than the idle timeout.
	 * @return the number of actors asked to stop
	 */
	int passivateIdle();

	/**
	 * Fire every actor timer due by the registry's clock.
	 * @return the number of ticks queued
	 */
	int fireDueTimers();

	/**
	 * Give every live persistent actor that ran messages since its last save a snapshot
	 * turn.
	 * @return the number of actors given one
	 */
	int requestSnapshots();

	/**
	 * Fire the reminder ticks due by the registry's clock, within the rate limit; returns
	 * once they are claimed and sent.
	 * @return the number of ticks sent, 0 when the registry has no reminder store
	 */
	int fireDueReminders();

	/**
	 * The maintenance of a registry.
	 * @param registry a registry built by {@link ActorRegistry#builder}
	 * @return its maintenance
	 * @throws IllegalArgumentException if the registry is another implementation
	 */
	static RegistryMaintenance of(ActorRegistry<?, ?> registry) {
		if (registry instanceof RegistryMaintenance maintenance) {
			return maintenance;
		}
		throw new IllegalArgumentException("Registry '" + registry.name() + "' is a " + registry.getClass().getName()
				+ ", not built by ActorRegistry.builder(), so it has no maintenance "
				+ "to run. Build it with ActorRegistry.builder().");
	}

}
