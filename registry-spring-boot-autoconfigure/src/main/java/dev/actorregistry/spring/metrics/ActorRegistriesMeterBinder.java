package dev.actorregistry.spring.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.spring.ActorRegistries;

/**
 * Gauges read from each registry, tagged with {@code registry}: {@code actors.active}
 * (live actors), {@code actors.active.limit} (the working set bound, {@code max-active};
 * zero for none) and {@code actors.pending} (messages accepted and not yet finished).
 * Also registers every event meter of {@link ActorMetricsListener} at zero, so each
 * registry's series exist before its first event.
 */
public class ActorRegistriesMeterBinder implements MeterBinder {

	static final String ACTIVE = "actors.active";

	static final String PENDING = "actors.pending";

	static final String ACTIVE_LIMIT = "actors.active.limit";

	private final ActorRegistries registries;

	/**
	 * Create the binder.
	 * @param registries the registries to measure
	 */
	public ActorRegistriesMeterBinder(ActorRegistries registries) {
		this.registries = registries;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		this.registries.all().forEach((name, registry) -> bind(meterRegistry, name, registry));
	}

	private static void bind(MeterRegistry meterRegistry, String name, ActorRegistry<?, ?> registry) {
		// ActorRegistries holds every registry for the context's life, so the gauges'
		// weak references stay valid
		Gauge.builder(ACTIVE, registry, ActorRegistry::size)
			.description("Live actors")
			.tag(RegistryMeters.REGISTRY_TAG, name)
			.register(meterRegistry);
		Gauge.builder(ACTIVE_LIMIT, registry, (live) -> live.settings().maxActive())
			.description("Most live actors before the least recently active idle ones are passivated; 0 for no limit")
			.tag(RegistryMeters.REGISTRY_TAG, name)
			.register(meterRegistry);
		Gauge.builder(PENDING, registry, ActorRegistry::pendingMessages)
			.description("Messages accepted by live actors and not yet finished")
			.tag(RegistryMeters.REGISTRY_TAG, name)
			.register(meterRegistry);
		RegistryMeters.register(meterRegistry, name);
	}

}
