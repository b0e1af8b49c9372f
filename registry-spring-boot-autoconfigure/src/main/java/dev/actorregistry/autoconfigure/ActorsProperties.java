package dev.actorregistry.autoconfigure;

import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.RegistrySettings;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.spring.jpa.StateCipher;

/**
 * Settings of every actor registry, under {@code actors.*}.
 *
 * @param defaults Settings every registry starts from.
 * @param registries Overrides per registry, by registry name.
 * @param executor How actors' turns run.
 * @param shutdown How registries drain when the application stops.
 * @param persistence How persistent actors keep their state.
 * @param reminders How registries fire durable reminders, when the application has a
 * reminder store.
 */
@ConfigurationProperties("actors")
public record ActorsProperties(@DefaultValue Defaults defaults, @DefaultValue Map<String, Overrides> registries,
		@DefaultValue Executor executor, @DefaultValue Shutdown shutdown, @DefaultValue Persistence persistence,
		@DefaultValue Reminders reminders) {

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
	 * Check that every registry override names a registry.
	 * @param registryNames the names of the application's registries
	 * @throws InvalidConfigurationPropertyValueException if an override names no registry
	 */
	public void checkOverridesNameRegistries(Collection<String> registryNames) {
		List<String> names = registryNames.stream().sorted().toList();
		for (String name : this.registries.keySet()) {
			if (!names.contains(name)) {
				throw new InvalidConfigurationPropertyValueException("actors.registries." + name, name,
						"It must be the name of an @Actor registry: one of " + names + ".");
			}
		}
	}

	/**
	 * The settings of one registry: its overrides over the defaults.
	 * @param registryName the registry's name
	 * @return its settings
	 */
	public RegistrySettings settingsFor(String registryName) {
		Overrides overrides = this.registries.get(registryName);
		Defaults merged = (overrides != null) ? overrides.over(this.defaults) : this.defaults;
		PersistenceOverrides persistenceOverrides = (overrides != null) ? overrides.persistence() : null;
		Duration snapshotInterval = (persistenceOverrides != null && persistenceOverrides.snapshotInterval() != null)
				? persistenceOverrides.snapshotInterval() : this.persistence.snapshotInterval();
		boolean writeThrough = (persistenceOverrides != null && persistenceOverrides.writeThrough() != null)
				? persistenceOverrides.writeThrough() : this.persistence.writeThrough();
		int maxActive = (merged.maxActive() != null) ? merged.maxActive() : ActorRegistryBuilder.defaultMaxActive();
		return new RegistrySettings(merged.idleTimeout(), maxActive, merged.mailboxCapacity(), merged.failurePolicy(),
				this.shutdown.drainTimeout(), this.persistence.enabled(), snapshotInterval, writeThrough,
				merged.askTimeout(), merged.startTimeout());
	}

	/**
	 * Whether a registry shares its keys with the other members of the cluster, when
	 * there is one: unless {@code actors.registries.<name>.cluster} is false.
	 * @param registryName the registry's name
	 * @return false if the registry opted out
	 */
	public boolean clusteredUnlessOptedOut(String registryName) {
		Overrides overrides = this.registries.get(registryName);
		return overrides == null || overrides.cluster() == null || overrides.cluster();
	}

	/**
	 * Settings every registry starts from.
	 *
	 * @param idleTimeout Time an actor may stay idle before it is passivated; zero for
	 * never.
	 * @param maxActive Most live actors per registry before the least recently active
	 * idle ones are passivated; zero for no limit. Unset, the JVM's maximum heap divided
	 * by 64 KiB, and at least 10,000.
	 * @param mailboxCapacity Most messages waiting or running per actor; zero for
	 * unbounded.
	 * @param failurePolicy What happens to an actor whose message threw.
	 * @param askTimeout How long an ask waits for its answer unless it is given a timeout
	 * of its own; its future then fails, and its message does not run if it had not
	 * started.
	 * @param startTimeout How long an actor's start (its factory, state load and onStart)
	 * may take before callers waiting for it fail and its key is free again.
	 */
	public record Defaults(@DefaultValue("30m") Duration idleTimeout, @Nullable Integer maxActive,
			@DefaultValue("0") int mailboxCapacity, @DefaultValue("resume") FailurePolicy failurePolicy,
			@DefaultValue("30s") Duration askTimeout, @DefaultValue("30s") Duration startTimeout) {

		void validate() {
			Validation.notNegative("actors.defaults.idle-timeout", this.idleTimeout);
			if (this.maxActive != null) {
				Validation.notNegative("actors.defaults.max-active", this.maxActive);
			}
			Validation.notNegative("actors.defaults.mailbox-capacity", this.mailboxCapacity);
			Validation.positive("actors.defaults.ask-timeout", this.askTimeout);
			Validation.positive("actors.defaults.start-timeout", this.startTimeout);
		}

	}

	/**
	 * Overrides for one registry; what is not set comes from the defaults.
	 *
	 * @param idleTimeout Time an actor may stay idle before it is passivated; zero for
	 * never.
	 * @param maxActive Most live actors before the least recently active idle ones are
	 * passivated; zero for no limit.
	 * @param mailboxCapacity Most messages waiting or running per actor; zero for
	 * unbounded.
	 * @param failurePolicy What happens to an actor whose message threw.
	 * @param askTimeout How long an ask waits for its answer unless it is given a timeout
	 * of its own.
	 * @param startTimeout How long an actor's start (its factory, state load and onStart)
	 * may take.
	 * @param persistence How this registry's persistent actors save their state.
	 * @param cluster Whether this registry shares its keys with the other members when
	 * actors.cluster.enabled is true; false keeps it per-node. Unset, it does.
	 */
	public record Overrides(@Nullable Duration idleTimeout, @Nullable Integer maxActive,
			@Nullable Integer mailboxCapacity, @Nullable FailurePolicy failurePolicy, @Nullable Duration askTimeout,
			@Nullable Duration startTimeout, @Nullable PersistenceOverrides persistence, @Nullable Boolean cluster) {

		void validate(String prefix) {
			if (this.persistence != null && this.persistence.snapshotInterval() != null) {
				Validation.notNegative(prefix + "persistence.snapshot-interval", this.persistence.snapshotInterval());
			}
			if (this.idleTimeout != null) {
				Validation.notNegative(prefix + "idle-timeout", this.idleTimeout);
			}
			if (this.maxActive != null) {
				Validation.notNegative(prefix + "max-active", this.maxActive);
			}
			if (this.mailboxCapacity != null) {
				Validation.notNegative(prefix + "mailbox-capacity", this.mailboxCapacity);
			}
			if (this.askTimeout != null) {
				Validation.positive(prefix + "ask-timeout", this.askTimeout);
			}
			if (this.startTimeout != null) {
				Validation.positive(prefix + "start-timeout", this.startTimeout);
			}
		}

		Defaults over(Defaults defaults) {
			return new Defaults((this.idleTimeout != null) ? this.idleTimeout : defaults.idleTimeout(),
					(this.maxActive != null) ? this.maxActive : defaults.maxActive(),
					(this.mailboxCapacity != null) ? this.mailboxCapacity : defaults.mailboxCapacity(),
					(this.failurePolicy != null) ? this.failurePolicy : defaults.failurePolicy(),
					(this.askTimeout != null) ? this.askTimeout : defaults.askTimeout(),
					(this.startTimeout != null) ? this.startTimeout : defaults.startTimeout());
		}

	}

	/**
	 * How one registry's persistent actors save their state; what is not set comes from
	 * {@code actors.persistence}.
	 *
	 * @param snapshotInterval How often a live actor's changed state is saved; zero for
	 * only when it stops.
	 * @param writeThrough Whether to save after messages that changed the state, before
	 * their replies; messages that queue up meanwhile are committed as a group.
	 */
	public record PersistenceOverrides(@Nullable Duration snapshotInterval, @Nullable Boolean writeThrough) {
	}

	/**
	 * How persistent actors keep their state in the application's database.
	 *
	 * @param enabled Whether actors implementing PersistentActor have their state
	 * persisted, and a store keeps durable reminders, in the application's database.
	 * @param snapshotInterval How often a live actor's changed state is saved; zero for
	 * only when it stops.
	 * @param writeThrough Whether to save after messages that changed the state, before
	 * their replies; messages that queue up meanwhile are committed as a group.
	 * @param history Number of most recent revisions kept per actor in the history table,
	 * for StateStore.loadRevision and revisions; zero, the default, for none, so that
	 * each save writes only the actor's row.
	 * @param initializeSchema When to create the tables from the scripts in the jar:
	 * embedded (only for an embedded database such as H2 in memory), always (the scripts
	 * create only what does not exist) or never (the tables are managed elsewhere, for
	 * example by Flyway), as Spring Session JDBC's initialize-schema.
	 * @param encryption Encryption of states at rest.
	 */
	public record Persistence(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration snapshotInterval,
			@DefaultValue("false") boolean writeThrough, @DefaultValue("0") int history,
			@DefaultValue("embedded") DatabaseInitializationMode initializeSchema,
			@DefaultValue Encryption encryption) {

		public Persistence {
			Validation.notNegative("actors.persistence.snapshot-interval", snapshotInterval);
			Validation.notNegative("actors.persistence.history", history);
		}

	}

	/**
	 * Encryption of states at rest with AES-GCM.
	 *
	 * @param keys AES keys by id, each base64 of 16, 24 or 32 bytes. Keep every key that
	 * rows may still be encrypted with.
	 * @param activeKey Id of the key new states are encrypted with; unset to store them
	 * in plain.
	 */
	public record Encryption(@DefaultValue Map<String, String> keys, @Nullable String activeKey) {

		private static final String KEYS_PROPERTY = "actors.persistence.encryption.keys.";

		public Encryption {
			if (activeKey != null && !keys.containsKey(activeKey)) {
				throw new InvalidConfigurationPropertyValueException("actors.persistence.encryption.active-key",
						activeKey, "It must be the id of a key under actors.persistence.encryption.keys: one of "
								+ keys.keySet() + ".");
			}
		}

		/**
		 * The keys, decoded from base64.
		 * @return the AES keys by id
		 * @throws InvalidConfigurationPropertyValueException if a key is not base64 of
		 * 16, 24 or 32 bytes, or its id is too long for the {@code key_id} column
		 */
		public Map<String, byte[]> decodedKeys() {
			Map<String, byte[]> decoded = new LinkedHashMap<>();
			this.keys.forEach((id, encoded) -> decoded.put(id, decodeKey(id, encoded)));
			return decoded;
		}

		private static byte[] decodeKey(String id, String encoded) {
			if (id.length() > StateCipher.MAX_KEY_ID_LENGTH) {
				throw new InvalidConfigurationPropertyValueException(KEYS_PROPERTY + id, "(not shown)",
						"It must be named by an id of at most " + StateCipher.MAX_KEY_ID_LENGTH
								+ " characters, the size of the key_id column.");
			}
			byte[] key;
			try {
				key = Base64.getDecoder().decode(encoded.strip());
			}
			catch (IllegalArgumentException ex) {
				// never echo key material: the value shown is a placeholder
				throw new InvalidConfigurationPropertyValueException(KEYS_PROPERTY + id, "(not shown)",
						"It must be base64 of a 16, 24 or 32 byte AES key, for example from `openssl rand -base64 32`, but it is not"
								+ " valid base64 (" + ex.getMessage() + ").");
			}
			if (key.length != 16 && key.length != 24 && key.length != 32) {
				throw new InvalidConfigurationPropertyValueException(KEYS_PROPERTY + id, "(not shown)",
						"It must be base64 of a 16, 24 or 32 byte AES key, for example from `openssl rand -base64 32`, but it decodes"
								+ " to " + key.length + " bytes.");
			}
			return key;
		}

	}

	/**
	 * How actors' turns run.
	 *
	 * @param type Kind of executor actors' turns run on. Unset, virtual threads when
	 * spring.threads.virtual.enabled is true (on Java 21 or newer), a fork-join pool
	 * otherwise.
	 * @param poolSize Number of threads of the bounded executor.
	 */
	public record Executor(@Nullable ExecutorType type, @DefaultValue("16") int poolSize) {

		public Executor {
			if (poolSize < 1) {
				throw new InvalidConfigurationPropertyValueException("actors.executor.pool-size", poolSize,
						"It must be a positive number of threads.");
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

	/**
	 * How registries fire durable reminders, when the application has a reminder store.
	 * The defaults are those of {@link ReminderSettings#DEFAULTS}. They are written out
	 * again here on purpose: {@code @DefaultValue} takes constants only, and the
	 * configuration metadata an IDE shows is read from them;
	 * {@code ActorsPropertiesTests} fails if the two ever differ.
	 *
	 * @param enabled Whether registries keep durable reminders in the application's
	 * reminder store.
	 * @param pollInterval How often each registry looks for due reminders: the most a
	 * tick is late in normal running.
	 * @param firesPerSecond Most reminder ticks a registry fires per second; the rest
	 * wait for the next poll, so a backlog after downtime is staggered.
	 * @param lease How long an instance that claimed a tick has to deliver it before
	 * another instance may fire it again.
	 * @param misfireThreshold How late a tick may be found before it counts as missed.
	 * @param maxCatchUp Most missed ticks a reminder with the catch-up policy delivers.
	 * @param retryDelay How long a tick whose delivery failed waits before it is fired
	 * again.
	 */
	public record Reminders(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("100") int firesPerSecond, @DefaultValue("30s") Duration lease,
			@DefaultValue("1m") Duration misfireThreshold, @DefaultValue("100") int maxCatchUp,
			@DefaultValue("10s") Duration retryDelay) {

		public Reminders {
			Validation.positive("actors.reminders.poll-interval", pollInterval);
			Validation.positive("actors.reminders.fires-per-second", firesPerSecond);
			Validation.positive("actors.reminders.lease", lease);
			Validation.notNegative("actors.reminders.misfire-threshold", misfireThreshold);
			Validation.positive("actors.reminders.max-catch-up", maxCatchUp);
			Validation.positive("actors.reminders.retry-delay", retryDelay);
		}

		/**
		 * The settings every registry fires its reminders with.
		 * @return the settings
		 */
		public ReminderSettings settings() {
			return new ReminderSettings(this.pollInterval, this.firesPerSecond, this.lease, this.misfireThreshold,
					this.maxCatchUp, this.retryDelay);
		}

	}

	private static final class Validation {

		static void positive(String property, Duration value) {
			if (value.isNegative() || value.isZero()) {
				throw new InvalidConfigurationPropertyValueException(property, value,
						"It must be a positive duration, such as 1s.");
			}
		}

		static void positive(String property, int value) {
			if (value < 1) {
				throw new InvalidConfigurationPropertyValueException(property, value, "It must be a positive number.");
			}
		}

		static void notNegative(String property, Duration value) {
			if (value.isNegative()) {
				throw new InvalidConfigurationPropertyValueException(property, value,
						"It must be zero or a positive duration, such as 10m.");
			}
		}

		static void notNegative(String property, int value) {
			if (value < 0) {
				throw new InvalidConfigurationPropertyValueException(property, value,
						"It must be zero (no limit) or a positive number.");
			}
		}

	}

}
