package dev.actorregistry.autoconfigure.context;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ContextPropagator;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.context.ContextSnapshotPropagator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registries built by the auto-configuration carry the sender's context through
 * Micrometer's context propagation: Spring Security's {@code SecurityContext} and MDC
 * values registered with it travel to the turn, which runs on the registry's executor.
 */
class ActorsContextPropagationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ActorsContextPropagationAutoConfiguration.class, ActorsAutoConfiguration.class))
		.withUserConfiguration(Clerk.class);

	@AfterEach
	void clearSenderContext() {
		SecurityContextHolder.clearContext();
		MDC.clear();
	}

	@Test
	void byDefaultTheSendersSecurityContextReachesTheTurnAndNoOtherSenders() {
		this.runner.run((context) -> {
			assertThat(context).getBean(ContextPropagator.class).isInstanceOf(ContextSnapshotPropagator.class);
			SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", "secret"));
			assertThat(userInTurn(context)).isEqualTo("alice on actor-registry-1");

			SecurityContextHolder.clearContext();
			assertThat(userInTurn(context)).isEqualTo("nobody on actor-registry-1");
		});
	}

	@Test
	void mdcValuesRegisteredWithContextPropagationReachTheTurn() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor("requestId"));
		try {
			this.runner.run((context) -> {
				MDC.put("requestId", "r-42");
				assertThat(clerk(context).ask("a", (clerk) -> MDC.get("requestId")).join()).isEqualTo("r-42");
				MDC.clear();
				assertThat(clerk(context).ask("a", (clerk) -> String.valueOf(MDC.get("requestId"))).join())
					.isEqualTo("null");
			});
		}
		finally {
			ContextRegistry.getInstance().removeThreadLocalAccessor(Slf4jThreadLocalAccessor.KEY);
		}
	}

	@Test
	void propertySwitchesItOff() {
		this.runner.withPropertyValues("actors.context-propagation.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ContextPropagator.class);
			SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", "secret"));
			assertThat(userInTurn(context)).isEqualTo("nobody on actor-registry-1");
		});
	}

	@Test
	void offWithoutContextPropagationOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader(ContextSnapshotFactory.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ContextPropagator.class);
			assertThat(clerk(context).ask("a", (clerk) -> "answered").join()).isEqualTo("answered");
		});
	}

	@Test
	void applicationsOwnPropagatorReplacesIt() {
		this.runner.withUserConfiguration(OwnPropagator.class).run((context) -> {
			assertThat(context).getBean(ContextPropagator.class).isInstanceOf(CountingPropagator.class);
			clerk(context).ask("a", (clerk) -> "answered").join();
			assertThat(context.getBean(CountingPropagator.class).restored).hasPositiveValue();
		});
	}

	private static String userInTurn(AssertableApplicationContext context) {
		return clerk(context).ask("a", (clerk) -> {
			Authentication user = SecurityContextHolder.getContext().getAuthentication();
			// the core's shared fork-join pool names its threads actor-registry-0, -1,
			// ...
			String thread = Thread.currentThread().getName().replaceAll("\\d+$", "1");
			return ((user != null) ? user.getName() : "nobody") + " on " + thread;
		})
			// waited for through a dependent stage, so that the turn runs on the actors'
			// pool and not on this thread (a caller joining the reply itself may run it)
			.thenApply((seen) -> seen)
			.join();
	}

	@SuppressWarnings("unchecked")
	private static ActorRegistry<String, Clerk> clerk(AssertableApplicationContext context) {
		return context.getBean(ActorRegistry.class);
	}

	@Actor
	static class Clerk {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPropagator {

		@Bean
		CountingPropagator countingPropagator() {
			return new CountingPropagator();
		}

	}

	static class CountingPropagator implements ContextPropagator {

		final AtomicInteger restored = new AtomicInteger();

		@Override
		public @Nullable Object capture() {
			return null;
		}

		@Override
		public Scope restore(@Nullable Object context) {
			this.restored.incrementAndGet();
			return () -> {
			};
		}

	}

}
