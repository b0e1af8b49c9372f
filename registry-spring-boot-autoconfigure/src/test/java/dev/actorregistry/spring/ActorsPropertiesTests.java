package dev.actorregistry.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorregistry.ActorRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Invalid {@code actors.*} values stop start-up with a failure analysis that names the
 * property and says what is allowed, as a user sees it in the console.
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
