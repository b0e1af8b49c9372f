package dev.actorregistry.spring;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.actorregistry.FailurePolicy;
import dev.actorregistry.RegistrySettings;

/**
 * Settings of every actor registry, under {@code actors.*}.
 *
 * @param defaults Settings every registry starts from.
 * @param registries Overrides per registry, by registry name.
 * @param executor How actors' turns run.
 * @param shutdown How registries drain when the application stops.
 */
@ConfigurationProperties("actors")
public record ActorsProperties(@DefaultValue Defaults defaults, @DefaultValue Map<String, Overrides> registries,
		@DefaultValue Executor executor, @DefaultValue Shutdown shutdown) {

	/**
	 * The default phase of the drain on shutdown: below the web server's graceful
	 * shutdown ({@code DEFAULT_PHASE - 1024}), so requests in flight still reach their
	 * actors, and above task executors ({@code Integer.MAX_VALUE / 2}) and the
	 * DataSource, so final work still succeeds.
	 */
	public static final int DEFAULT_SHUTDOWN_PHASE = Integer.MAX_VALUE - 1536;

	public ActorsProperties {
		defaults.validate();
		registries.forEach((name, overrides) -> overrides.validate("actors.registries." + name + "."));
	}

	/**
	 * The settings of one registry: its overrides over the defaults.
	 * @param registryName the registry's name
	 * @return its settings
	 */
	public RegistrySettings settingsFor(String registryName) {
		Overrides overrides = this.registries.get(registryName);
		Defaults merged = (overrides != null) ? overrides.over(this.defaults) : this.defaults;
		return new RegistrySettings(merged.idleTimeout(), merged.maxActive(), merged.mailboxCapacity(),
				merged.failurePolicy(), this.shutdown.drainTimeout());
	}

	/**
	 * Settings every registry starts from.
	 *
	 * @param idleTimeout Time an actor may stay idle before it is passivated; zero for
	 * never.
	 * @param maxActive Most live actors per registry before the least recently active
	 * idle one is passivated; zero for no limit.
	 * @param mailboxCapacity Most messages waiting or running per actor; zero for
	 * unbounded.
	 * @param failurePolicy What happens to an actor whose message threw.
	 */
	public record Defaults(@DefaultValue("30m") Duration idleTimeout, @DefaultValue("0") int maxActive,
			@DefaultValue("0") int mailboxCapacity, @DefaultValue("resume") FailurePolicy failurePolicy) {

		void validate() {
			Validation.notNegative("actors.defaults.idle-timeout", this.idleTimeout);
			Validation.notNegative("actors.defaults.max-active", this.maxActive);
			Validation.notNegative("actors.defaults.mailbox-capacity", this.mailboxCapacity);
		}

	}

	/**
	 * Overrides for one registry; what is not set comes from the defaults.
	 *
	 * @param idleTimeout Time an actor may stay idle before it is passivated; zero for
	 * never.
	 * @param maxActive Most live actors before the least recently active idle one is
	 * passivated; zero for no limit.
	 * @param mailboxCapacity Most messages waiting or running per actor; zero for
	 * unbounded.
	 * @param failurePolicy What happens to an actor whose message threw.
	 */
	public record Overrides(@Nullable Duration idleTimeout, @Nullable Integer maxActive,
			@Nullable Integer mailboxCapacity, @Nullable FailurePolicy failurePolicy) {

		void validate(String prefix) {
			if (this.idleTimeout != null) {
				Validation.notNegative(prefix + "idle-timeout", this.idleTimeout);
			}
			if (this.maxActive != null) {
				Validation.notNegative(prefix + "max-active", this.maxActive);
			}
			if (this.mailboxCapacity != null) {
				Validation.notNegative(prefix + "mailbox-capacity", this.mailboxCapacity);
			}
		}

		Defaults over(Defaults defaults) {
			return new Defaults((this.idleTimeout != null) ? this.idleTimeout : defaults.idleTimeout(),
					(this.maxActive != null) ? this.maxActive : defaults.maxActive(),
					(this.mailboxCapacity != null) ? this.mailboxCapacity : defaults.mailboxCapacity(),
					(this.failurePolicy != null) ? this.failurePolicy : defaults.failurePolicy());
		}

	}

	/**
	 * How actors' turns run.
	 *
	 * @param type Kind of executor actors' turns run on.
	 * @param poolSize Number of threads of the bounded executor.
	 */
	public record Executor(@DefaultValue("fork-join") ExecutorType type, @DefaultValue("16") int poolSize) {

		public Executor {
			if (poolSize < 1) {
				throw new InvalidActorsPropertyException("actors.executor.pool-size", poolSize,
						"a positive number of threads");
			}
		}

	}

	/**
	 * How actors' turns run.
	 */
	public enum ExecutorType {

		/**
		 * A fork-join pool with one thread per core: for actors that compute and never
		 * block.
		 */
		FORK_JOIN,

		/**
		 * A virtual thread per turn (Java 21 or newer): for actors that block on I/O such
		 * as JDBC.
		 */
		VIRTUAL,

		/**
		 * A fixed pool of {@code pool-size} platform threads: for blocking actors on
		 * older JVMs.
		 */
		BOUNDED

	}

	/**
	 * How registries drain when the application stops.
	 *
	 * @param drainTimeout How long queued messages may run on shutdown before they are
	 * abandoned.
	 * @param phase SmartLifecycle phase of the drain on shutdown.
	 */
	public record Shutdown(@DefaultValue("30s") Duration drainTimeout,
			@DefaultValue("" + DEFAULT_SHUTDOWN_PHASE) int phase) {

		public Shutdown {
			Validation.notNegative("actors.shutdown.drain-timeout", drainTimeout);
		}

	}

	private static final class Validation {

		static void notNegative(String property, Duration value) {
			if (value.isNegative()) {
				throw new InvalidActorsPropertyException(property, value, "zero or a positive duration, such as 10m");
			}
		}

		static void notNegative(String property, int value) {
			if (value < 0) {
				throw new InvalidActorsPropertyException(property, value, "zero (no limit) or a positive number");
			}
		}

	}

}
