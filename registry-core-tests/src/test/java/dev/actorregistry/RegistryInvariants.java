package dev.actorregistry;

import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold of a registry once its actors have nothing left to run, whatever ran
 * before: no message waits, and the count of live actors is the number of actors it
 * describes as live.
 */
final class RegistryInvariants {

	private RegistryInvariants() {
	}

	/**
	 * Wait for the registry to run every message it accepted, then check its counts
	 * agree.
	 * @param registry a registry nobody sends to any more
	 */
	static void assertQuietAndConsistent(ActorRegistry<?, ?> registry) {
		Waits.eventually()
			.alias("registry '" + registry.name() + "' to run every message and settle its counts")
			.until(() -> registry.pendingMessages() == 0 && registry.size() == registry.whichChildren().size());
		assertThat(registry.pendingMessages()).as("messages pending once quiet").isZero();
		int active = registry.size();
		assertThat(registry.whichChildren()).as("live actors described, against size() = %d", active).hasSize(active);
		assertThat(registry.countChildren().workers()).as("live actors counted, against size() = %d", active)
			.isEqualTo(active);
	}

}
