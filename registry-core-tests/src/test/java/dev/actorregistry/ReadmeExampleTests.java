package dev.actorregistry;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example, as printed there, compiles and does what the README says.
 */
class ReadmeExampleTests {

	@Test
	void quickStartExampleRuns() {
		int items;
		ActorRegistry<String, Cart> stopped;
		// --- as in README.md ---
		try (ActorRegistry<String, Cart> carts = ActorRegistry
			.builder("carts", String.class, (key, context) -> new Cart())
			.idleTimeout(Duration.ofMinutes(10))
			.build()) {
			items = carts.ask("u1", (cart) -> cart.add("sku-1", 2)).join();
			carts.tell("u1", Cart::clear);
			// --- end of README.md ---
			assertThat(carts.ask("u1", (cart) -> cart.add("sku-2", 1)).join()).isEqualTo(1);
			stopped = carts;
		}
		assertThat(items).isEqualTo(2);
		assertThat(stopped.status()).isEqualTo(RegistryStatus.STOPPED);
	}

	@Test
	void topicsExampleRuns() {
		// --- as in README.md ---
		Topics topics = Topics.create();
		ActorRegistry<String, Desk> desks = ActorRegistry.builder("desks", String.class, Desk::new)
			.topics(topics)
			.build();
		// --- end of README.md ---
		try (desks) {
			desks.lookupOrStart("EUR");
			desks.lookupOrStart("USD");
			// --- as in README.md ---
			int reached = topics.publish("rates", new RateChanged("EUR", 0.02));
			// --- end of README.md ---
			assertThat(reached).isEqualTo(2);
			Waits.eventually()
				.until(() -> desks.ask("EUR", (desk) -> desk.last).join() == desks.ask("USD", (desk) -> desk.last)
					.join() && desks.ask("EUR", (desk) -> desk.last).join() != null);
		}
	}

	record RateChanged(String currency, double rate) {
	}

	static class Desk {

		volatile RateChanged last;

		Desk(String key, ActorContext<String> context) {
			context.subscribe("rates", RateChanged.class, this::reprice);
		}

		void reprice(RateChanged change) {
			this.last = change;
		}

	}

	static class Cart {

		private int items;

		int add(String sku, int quantity) {
			return this.items += quantity;
		}

		void clear() {
			this.items = 0;
		}

	}

}
