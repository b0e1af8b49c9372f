package dev.actorregistry.autoconfigure;

import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorExecutor;
import dev.actorregistry.spring.ActorRegistries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Invalid {@code actors.*} values stop start-up with a failure analysis that names the
 * property and says what is allowed, as a user sees it in the console; valid ones are
 * bound, and documented in the configuration metadata.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActorsPropertiesTests {

	@Test
	void validPropertiesStartTheApplication() {
		try (ConfigurableApplicationContext context = run("--actors.defaults.idle-timeout=10m",
				"--actors.registries.wallet.max-active=5", "--actors.executor.type=bounded",
				"--actors.executor.pool-size=4")) {
			ActorRegistry<?, ?> wallets = context.getBean(ActorRegistries.class).get("wallet");
			assertThat(wallets.settings().maxActive()).isEqualTo(5);
			assertThat(context.getBean(ActorExecutor.class).executor())
				.isInstanceOf(java.util.concurrent.ThreadPoolExecutor.class);
		}
	}

	@Test
	void everyRegistryIsBoundedByTheHeapUnlessToldOtherwise() {
		try (ConfigurableApplicationContext context = run()) {
			ActorRegistry<?, ?> wallets = context.getBean(ActorRegistries.class).get("wallet");
			assertThat(wallets.settings().maxActive()).isEqualTo(ActorRegistryBuilder.defaultMaxActive()).isPositive();
		}
		try (ConfigurableApplicationContext context = run("--actors.defaults.max-active=0")) {
			ActorRegistry<?, ?> wallets = context.getBean(ActorRegistries.class).get("wallet");
			assertThat(wallets.settings().maxActive()).as("zero: no limit").isZero();
		}
	}

	@Test
	void turnsRunOnVirtualThreadsWhenTheApplicationDoes() throws Exception {
		// Boot turns virtual threads on only on Java 21 or newer: so does the registry
		boolean virtualThreadsAvailable = Runtime.version().feature() >= 21;
		try (ConfigurableApplicationContext context = run("--spring.threads.virtual.enabled=true")) {
			assertThat(turnThread(context)).isEqualTo(virtualThreadsAvailable ? "virtual" : "actor-pool");
		}
		try (ConfigurableApplicationContext context = run("--spring.threads.virtual.enabled=true",
				"--actors.executor.type=fork-join")) {
			assertThat(turnThread(context)).as("a type of its own wins").isEqualTo("actor-pool");
		}
		try (ConfigurableApplicationContext context = run()) {
			assertThat(turnThread(context)).isEqualTo("actor-pool");
		}
	}

	private static String turnThread(ConfigurableApplicationContext context) throws Exception {
		@SuppressWarnings("unchecked")
		ActorRegistry<String, Wallet> wallets = (ActorRegistry<String, Wallet>) context.getBean(ActorRegistries.class)
			.get("wallet");
		Thread thread = wallets.ask("w", (wallet) -> Thread.currentThread()).get(1, TimeUnit.MINUTES);
		// Thread.isVirtual() is Java 21: the class name tells on Java 17 too
		if (thread.getClass().getSimpleName().contains("Virtual")) {
			return "virtual";
		}
		return thread.getName().startsWith("actor-") ? "actor-pool" : thread.getName();
	}

	@Test
	void askAndStartTimeoutsAreBoundAsDefaultsAndPerRegistry() {
		try (ConfigurableApplicationContext context = run("--actors.defaults.ask-timeout=5s",
				"--actors.registries.wallet.start-timeout=2s")) {
			ActorRegistry<?, ?> wallets = context.getBean(ActorRegistries.class).get("wallet");
			assertThat(wallets.settings().askTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
			assertThat(wallets.settings().startTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
		}
	}

	@Test
	void zeroAskTimeoutIsExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.registries.wallet.ask-timeout=0s"));
		assertThat(output).contains("'actors.registries.wallet.ask-timeout' is invalid");
	}

	@Test
	void negativeDurationIsExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.defaults.idle-timeout=-5s"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The actor registry property 'actors.defaults.idle-timeout' is invalid: its value is 'PT-5S'")
			.contains("must be zero or a positive duration");
	}

	@Test
	void negativeOverrideIsExplainedWithItsRegistry(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.registries.wallet.mailbox-capacity=-1"));
		assertThat(output).contains("'actors.registries.wallet.mailbox-capacity' is invalid")
			.contains("zero (no limit) or a positive number");
	}

	@Test
	void overrideNamingNoRegistryIsExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.registries.walets.max-active=5"));
		assertThat(output).contains("'actors.registries.walets' is invalid")
			.contains("the name of an @Actor registry: one of [wallet]");
	}

	@Test
	void unknownFailurePolicyIsExplainedWithTheAllowedValues(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.defaults.failure-policy=sometimes"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("actors.defaults.failure-policy")
			.contains("RESUME")
			.contains("RESTART")
			.contains("STOP");
	}

	@Test
	void badPoolSizeIsExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.executor.pool-size=0"));
		assertThat(output).contains("'actors.executor.pool-size' is invalid").contains("a positive number of threads");
	}

	@Test
	void reminderSettingsDefaultToTheCoresDefaults() {
		try (ConfigurableApplicationContext context = run()) {
			ActorsProperties.Reminders reminders = context.getBean(ActorsProperties.class).reminders();
			assertThat(reminders.enabled()).isTrue();
			assertThat(reminders.settings()).isEqualTo(ReminderSettings.DEFAULTS);
		}
	}

	@Test
	void reminderSettingsAreBound() {
		try (ConfigurableApplicationContext context = run("--actors.reminders.enabled=false",
				"--actors.reminders.poll-interval=250ms", "--actors.reminders.fires-per-second=7",
				"--actors.reminders.lease=2m", "--actors.reminders.misfire-threshold=0s",
				"--actors.reminders.max-catch-up=3", "--actors.reminders.retry-delay=5s")) {
			ActorsProperties.Reminders reminders = context.getBean(ActorsProperties.class).reminders();
			assertThat(reminders.enabled()).isFalse();
			assertThat(reminders.settings()).isEqualTo(new ReminderSettings(Duration.ofMillis(250), 7,
					Duration.ofMinutes(2), Duration.ZERO, 3, Duration.ofSeconds(5)));
		}
	}

	@Test
	void zeroPollIntervalIsExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.reminders.poll-interval=0s"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The actor registry property 'actors.reminders.poll-interval' is invalid: its value is 'PT0S'")
			.contains("Update your application's configuration. It must be a positive duration, such as 1s.");
	}

	@Test
	void negativeMisfireThresholdIsExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.reminders.misfire-threshold=-1m"));
		assertThat(output).contains("'actors.reminders.misfire-threshold' is invalid: its value is 'PT-1M'")
			.contains("must be zero or a positive duration");
	}

	@Test
	void badReminderLimitsAreExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.reminders.fires-per-second=0"));
		assertThat(output).contains("'actors.reminders.fires-per-second' is invalid: its value is '0'")
			.contains("must be a positive number");
		assertThatException().isThrownBy(() -> run("--actors.reminders.max-catch-up=-2"));
		assertThat(output).contains("'actors.reminders.max-catch-up' is invalid: its value is '-2'");
	}

	@Test
	void reminderPropertiesAreInTheConfigurationMetadata() throws Exception {
		JsonNode metadata;
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(json).isNotNull();
			metadata = JsonMapper.builder().build().readTree(json);
		}
		Map<String, String> defaults = new HashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (name.startsWith("actors.reminders.")) {
				assertThat(property.get("description").asString()).as(name).isNotBlank();
				defaults.put(name, property.get("defaultValue").asString());
			}
		}
		assertThat(defaults).containsOnly(entry("actors.reminders.enabled", "true"),
				entry("actors.reminders.poll-interval", "1s"), entry("actors.reminders.fires-per-second", "100"),
				entry("actors.reminders.lease", "30s"), entry("actors.reminders.misfire-threshold", "1m"),
				entry("actors.reminders.max-catch-up", "100"), entry("actors.reminders.retry-delay", "10s"));
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void virtualThreadsOnAJvmWithoutThemAreExplained(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--actors.executor.type=virtual"));
		assertThat(output).contains("'actors.executor.type' is invalid")
			.contains("virtual threads need Java 21 or newer");
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(WalletApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Wallet.class)
	static class WalletApplication {

	}

	@Actor
	static class Wallet {

	}

}
