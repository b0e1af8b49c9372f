package dev.actorregistry.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorregistry.DrainReport;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A {@link Subscribe @Subscribe} method that cannot receive messages stops start-up with
 * a message naming its class and method, what is wrong, and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSubscriptionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class));

	@Test
	void aMethodWithoutParametersFails() {
		this.runner.withUserConfiguration(NoParameter.class)
			.run((context) -> assertThat(invalidSubscription(context))
				.hasMessage("@Subscribe method " + NoParameter.class.getName() + ".onRate() takes 0 parameters. "
						+ "Give it exactly one parameter, of the type of the messages it takes from the topic."));
	}

	@Test
	void aMethodWithTwoParametersFails() {
		this.runner.withUserConfiguration(TwoParameters.class)
			.run((context) -> assertThat(invalidSubscription(context))
				.hasMessageContaining(TwoParameters.class.getName() + ".onRate(String, int) takes 2 parameters"));
	}

	@Test
	void aStaticMethodFails() {
		this.runner.withUserConfiguration(StaticMethod.class)
			.run((context) -> assertThat(invalidSubscription(context))
				.hasMessageContaining(StaticMethod.class.getName() + ".onRate(String) is static")
				.hasMessageContaining("Make it an instance method"));
	}

	@Test
	void aMethodWithoutATopicFails() {
		this.runner.withUserConfiguration(NoTopic.class)
			.run((context) -> assertThat(invalidSubscription(context))
				.hasMessageContaining(NoTopic.class.getName() + ".onRate(String) names no topic"));
	}

	@Test
	void aKeyToActivateThatDoesNotConvertFails() {
		this.runner.withUserConfiguration(BadKey.class)
			.run((context) -> assertThat(invalidSubscription(context))
				.hasRootCauseInstanceOf(NumberFormatException.class)
				.hasMessageContaining(BadKey.class.getName() + ".onRate(String) activates key 'seven', which is "
						+ "not a java.lang.Long, the key type of registry 'badKey'")
				.hasMessageContaining("Name in activate only keys that convert to Long"));
	}

	@Test
	void aMethodThatSubscribesToATopicTwiceFails() {
		this.runner.withUserConfiguration(TopicTwice.class)
			.run((context) -> assertThat(invalidSubscription(context))
				.hasMessage("@Subscribe method " + TopicTwice.class.getName() + ".onRate(String) subscribes to topic "
						+ "'rates' twice. Subscribe once to each topic: every subscription delivers each message."));
	}

	@Test
	void registriesBuiltBeforeTheFailureAreClosed() {
		DrainedRegistries drained = new DrainedRegistries();
		this.runner.withBean(DrainedRegistries.class, () -> drained)
			.withUserConfiguration(Fine.class, NoTopic.class)
			.run((context) -> {
				assertThat(invalidSubscription(context)).hasMessageContaining("names no topic");
				assertThat(drained.names).containsExactly("fine");
			});
	}

	@Test
	void theFailureIsExplainedAtStartUp(CapturedOutput output) {
		SpringApplication application = new SpringApplication(BadKeyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The @Subscribe method " + BadKey.class.getName()
					+ ".onRate(String) cannot receive topic messages: it activates key 'seven'")
			.contains("Action:")
			.contains("Name in activate only keys that convert to Long, or define a ConversionService bean named "
					+ "'conversionService' that converts String to Long as you need.");
	}

	private static InvalidSubscriptionException invalidSubscription(AssertableApplicationContext context) {
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof InvalidSubscriptionException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("an InvalidSubscriptionException among the causes of the start-up failure")
			.isInstanceOf(InvalidSubscriptionException.class);
		return (InvalidSubscriptionException) failure;
	}

	/** Hears of every registry that drained, as closing one does. */
	static class DrainedRegistries implements RegistryListener {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Override
		public void registryDrained(DrainReport report) {
			this.names.add(report.registry());
		}

	}

	@Actor
	static class Fine {

		@Subscribe("rates")
		void onRate(String rate) {
		}

	}

	@Actor
	static class TopicTwice {

		@Subscribe("rates")
		@Subscribe(topic = "rates", activate = "house")
		void onRate(String rate) {
		}

	}

	@Actor
	static class NoParameter {

		@Subscribe("rates")
		void onRate() {
		}

	}

	@Actor
	static class TwoParameters {

		@Subscribe("rates")
		void onRate(String rate, int percent) {
		}

	}

	@Actor
	static class StaticMethod {

		@Subscribe("rates")
		static void onRate(String rate) {
		}

	}

	@Actor
	static class NoTopic {

		@Subscribe
		void onRate(String rate) {
		}

	}

	@Actor(keyType = Long.class)
	static class BadKey {

		@Subscribe(topic = "rates", activate = { "7", "seven" })
		void onRate(String rate) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(BadKey.class)
	static class BadKeyApplication {

	}

}
