package dev.actorregistry.spring.actuate;

import java.security.Principal;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.PersistentCounter;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.actuate.ActorsEndpointAutoConfiguration;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.actuate.ActorsEndpoint.ActorDescriptor;
import dev.actorregistry.spring.web.KeyDigest;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detail of a persistent actor: its revision always, its state only as
 * {@code management.endpoint.actors.show-values} (or its deprecated name
 * {@code actors.endpoint.show-state}) allows, and its key only as
 * {@code management.endpoint.actors.show-keys} allows.
 */
class ActorsEndpointStateTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class, ActorsEndpointAutoConfiguration.class))
		.withUserConfiguration(StoreConfiguration.class, Wallet.class)
		.withPropertyValues("management.endpoints.web.exposure.include=actors");

	@Test
	void showsTheRevisionAndLastSaveButNeverTheStateByDefault() {
		this.runner.run((context) -> {
			ActorRegistry<String, Wallet> wallets = wallets(context.getBean(ActorRegistries.class));
			wallets.ask("w", (wallet) -> wallet.add(5)).join();
			wallets.stop("w").join();
			wallets.ask("w", (wallet) -> wallet.add(1)).join();

			ActorDescriptor actor = context.getBean(ActorsEndpoint.class).actor(SecurityContext.NONE, "wallets", "w");

			assertThat(actor.revision()).isEqualTo(1);
			assertThat(actor.lastSavedAt()).isNotNull();
			assertThat(actor.unsavedMessages()).isEqualTo(1);
			assertThat(actor.state()).isNull();
		});
	}

	@Test
	void showsTheCurrentStateWhenShowValuesAllows() {
		this.runner.withPropertyValues("management.endpoint.actors.show-values=always").run((context) -> {
			wallets(context.getBean(ActorRegistries.class)).ask("w", (wallet) -> wallet.add(7)).join();

			ActorDescriptor actor = context.getBean(ActorsEndpoint.class).actor(SecurityContext.NONE, "wallets", "w");

			assertThat(actor.state()).isEqualTo(new PersistentCounter.Count(7));
		});
	}

	@Test
	void showsTheStateToTheRolesOfShowValuesWhenAuthorized() {
		this.runner
			.withPropertyValues("management.endpoint.actors.show-values=when-authorized",
					"management.endpoint.actors.roles=auditor")
			.run((context) -> {
				wallets(context.getBean(ActorRegistries.class)).ask("w", (wallet) -> wallet.add(4)).join();
				ActorsEndpoint endpoint = context.getBean(ActorsEndpoint.class);

				assertThat(endpoint.actor(user("auditor"), "wallets", "w").state())
					.isEqualTo(new PersistentCounter.Count(4));
				assertThat(endpoint.actor(user("clerk"), "wallets", "w").state()).isNull();
			});
	}

	@Test
	void showsKeysToTheRolesOfShowKeysWhenAuthorizedAndTheirDigestToOthers() {
		this.runner
			.withPropertyValues("management.endpoint.actors.show-keys=when-authorized",
					"management.endpoint.actors.roles=auditor")
			.run((context) -> {
				wallets(context.getBean(ActorRegistries.class)).ask("ann@example.com", (wallet) -> wallet.add(1))
					.join();
				ActorsEndpoint endpoint = context.getBean(ActorsEndpoint.class);

				assertThat(endpoint.actor(user("auditor"), "wallets", "ann@example.com").key())
					.isEqualTo("ann@example.com");
				assertThat(endpoint.actor(user("clerk"), "wallets", "ann@example.com").key())
					.isEqualTo(KeyDigest.of("ann@example.com"))
					.startsWith("sha256:")
					.hasSize(19);
				assertThat(endpoint.actors(user("clerk"), "wallets", null, null).actors())
					.extracting(ActorDescriptor::key)
					.containsExactly(KeyDigest.of("ann@example.com"));
			});
	}

	@Test
	void theDeprecatedShowStateStillShowsTheStateWhenShowValuesIsNotSet() {
		this.runner.withPropertyValues("actors.endpoint.show-state=always").run((context) -> {
			wallets(context.getBean(ActorRegistries.class)).ask("w", (wallet) -> wallet.add(7)).join();

			ActorDescriptor actor = context.getBean(ActorsEndpoint.class).actor(SecurityContext.NONE, "wallets", "w");

			assertThat(actor.state()).isEqualTo(new PersistentCounter.Count(7));
			assertThat(actor.revision()).isZero();
			assertThat(actor.lastSavedAt()).isNull();
		});
	}

	@Test
	void showsTheStateWhenAuthorizedOnlyToUsersInTheRoles() {
		this.runner.run((context) -> {
			ActorRegistries registries = context.getBean(ActorRegistries.class);
			wallets(registries).ask("w", (wallet) -> wallet.add(2)).join();
			ActorsEndpoint endpoint = new ActorsEndpoint(registries, Waits.TIMEOUT, Show.WHEN_AUTHORIZED, Show.ALWAYS,
					Set.of("auditor"));

			assertThat(endpoint.actor(user("auditor"), "wallets", "w").state())
				.isEqualTo(new PersistentCounter.Count(2));
			assertThat(endpoint.actor(user("clerk"), "wallets", "w").state()).isNull();
			assertThat(endpoint.actor(SecurityContext.NONE, "wallets", "w").state()).isNull();
		});
	}

	@SuppressWarnings("unchecked")
	private static ActorRegistry<String, Wallet> wallets(ActorRegistries registries) {
		return (ActorRegistry<String, Wallet>) registries.get("wallets");
	}

	private static SecurityContext user(String role) {
		return new SecurityContext() {

			@Override
			public @Nullable Principal getPrincipal() {
				return () -> "someone";
			}

			@Override
			public boolean isUserInRole(String candidate) {
				return candidate.equals(role);
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class StoreConfiguration {

		@Bean
		StateStore stateStore() {
			return new InMemoryStateStore();
		}

		@Bean
		StateCodec stateCodec() {
			return new SerializingCodec();
		}

	}

	@Actor("wallets")
	static class Wallet extends PersistentCounter {

	}

}
