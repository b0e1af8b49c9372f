package dev.actorregistry.spring;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Actor} classes become prototype beans and registries injectable by their
 * generic types; actors get their context, key and ordinary beans, and Spring's lifecycle
 * callbacks around their life in the registry.
 */
class ActorBeansTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class))
		.withUserConfiguration(Services.class, Cart.class, Ledger.class, Clients.class);

	@Test
	void eachActorClassBecomesARegistryInjectableByItsGenericTypes() {
		this.runner.run((context) -> {
			Clients clients = context.getBean(Clients.class);
			assertThat(clients.carts.name()).isEqualTo("cart");
			assertThat(clients.carts.keyType()).isEqualTo(String.class);
			assertThat(clients.ledgers.name()).isEqualTo("ledgers");
			assertThat(clients.ledgers.keyType()).isEqualTo(Long.class);
			assertThat(context.getBean(ActorRegistries.class).all()).containsOnlyKeys("cart", "ledgers");
			assertThat(context.getBeanNamesForType(ActorRegistry.class)).containsExactlyInAnyOrder(
					"cart" + ActorBeanRegistrar.REGISTRY_BEAN_SUFFIX,
					"ledgers" + ActorBeanRegistrar.REGISTRY_BEAN_SUFFIX);
		});
	}

	@Test
	void actorsAreFreshPrototypesThatTakeTheirContextKeyAndOrdinaryBeans() {
		this.runner.run((context) -> {
			Clients clients = context.getBean(Clients.class);
			Cart one = clients.carts.ask("u1", (cart) -> cart).join();
			Cart two = clients.carts.ask("u2", (cart) -> cart).join();
			assertThat(one).isNotSameAs(two);
			assertThat(one.context.key()).isEqualTo("u1");
			assertThat(one.context.registry()).isSameAs(clients.carts);
			assertThat(one.prices).isSameAs(context.getBean(Prices.class));
			assertThat(clients.carts.ask("u1", (cart) -> cart.add("sku", 2)).join()).isEqualTo(2 * 7);
			assertThat(clients.ledgers.ask(42L, (ledger) -> ledger.id).join()).isEqualTo(42L);
		});
	}

	@Test
	void postConstructRunsBeforeTheFirstMessageAndPreDestroyWhenTheActorStops() {
		this.runner.run((context) -> {
			Clients clients = context.getBean(Clients.class);
			Cart cart = clients.carts.ask("u1", (actor) -> {
				actor.events.add("message");
				return actor;
			}).join();
			clients.carts.stop("u1").join();
			assertThat(cart.events).containsExactly("postConstruct", "message", "preDestroy");
		});
	}

	@Test
	void closingTheContextDrainsEveryRegistryAndDestroysItsActors() {
		List<Cart> carts = new CopyOnWriteArrayList<>();
		this.runner.run((context) -> {
			Clients clients = context.getBean(Clients.class);
			carts.add(clients.carts.ask("u1", (cart) -> cart).join());
			carts.add(clients.carts.ask("u2", (cart) -> cart).join());
			clients.ledgers.tell(1L, (ledger) -> ledger.id++);
			context.close();
			assertThat(clients.carts.status()).isEqualTo(RegistryStatus.STOPPED);
			assertThat(clients.ledgers.status()).isEqualTo(RegistryStatus.STOPPED);
		});
		assertThat(carts).hasSize(2).allSatisfy((cart) -> assertThat(cart.events).endsWith("preDestroy"));
	}

	@Test
	void actorContextCannotBeTakenOutsideARegistry() {
		this.runner.run((context) -> assertThat(
				org.assertj.core.api.Assertions.catchThrowable(() -> context.getBean(Cart.class)))
			.hasRootCauseInstanceOf(IllegalStateException.class)
			.rootCause()
			.hasMessageContaining("obtain actors through ActorRegistry"));
	}

	@Test
	void drainTimeoutAndSettingsComeFromProperties() {
		this.runner
			.withPropertyValues("actors.defaults.idle-timeout=5m", "actors.defaults.mailbox-capacity=50",
					"actors.registries.ledgers.mailbox-capacity=7", "actors.registries.ledgers.failure-policy=stop",
					"actors.shutdown.drain-timeout=3s")
			.run((context) -> {
				Clients clients = context.getBean(Clients.class);
				assertThat(clients.carts.settings().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
				assertThat(clients.carts.settings().mailboxCapacity()).isEqualTo(50);
				assertThat(clients.carts.settings().failurePolicy()).isEqualTo(dev.actorregistry.FailurePolicy.RESUME);
				assertThat(clients.ledgers.settings().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
				assertThat(clients.ledgers.settings().mailboxCapacity()).isEqualTo(7);
				assertThat(clients.ledgers.settings().failurePolicy()).isEqualTo(dev.actorregistry.FailurePolicy.STOP);
				assertThat(clients.ledgers.settings().drainTimeout()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Services {

		@Bean
		Prices prices() {
			return new Prices();
		}

	}

	static class Prices {

		int priceOf(String sku) {
			return 7;
		}

	}

	@Actor
	static class Cart {

		final ActorContext<String> context;

		final Prices prices;

		final List<String> events = new CopyOnWriteArrayList<>();

		private int total;

		Cart(ActorContext<String> context, Prices prices) {
			this.context = context;
			this.prices = prices;
		}

		@PostConstruct
		void started() {
			this.events.add("postConstruct");
		}

		@PreDestroy
		void stopped() {
			this.events.add("preDestroy");
		}

		int add(String sku, int quantity) {
			this.total += this.prices.priceOf(sku) * quantity;
			return this.total;
		}

	}

	@Actor(name = "ledgers", keyType = Long.class)
	static class Ledger {

		long id;

		Ledger(@ActorKey Long id) {
			this.id = id;
		}

	}

	static class Clients {

		final ActorRegistry<String, Cart> carts;

		final ActorRegistry<Long, Ledger> ledgers;

		Clients(ActorRegistry<String, Cart> carts, ActorRegistry<Long, Ledger> ledgers) {
			this.carts = carts;
			this.ledgers = ledgers;
		}

	}

}
