package dev.actorregistry.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.Topics;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link Topics} bean shared by every registry: application code publishes on it, and
 * live {@code @Actor} instances receive what they subscribed to, through
 * {@link Subscribe @Subscribe} methods or {@link ActorContext#subscribe} in their
 * constructor; {@code activate} starts the keys it names.
 */
class ActorTopicsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class))
		.withUserConfiguration(Desk.class, Branch.class, Publisher.class);

	@Test
	void everyRegistrySharesTheTopicsBean() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Topics.class);
			Topics topics = context.getBean(Topics.class);
			assertThat(context.getBean(ActorRegistries.class).registries())
				.allSatisfy((registry) -> assertThat(registry.topics()).isSameAs(topics));
			assertThat(context.getBean(Publisher.class).topics).isSameAs(topics);
		});
	}

	@Test
	void usesTheApplicationsOwnTopics() {
		this.runner.withUserConfiguration(OwnTopics.class).run((context) -> {
			assertThat(context).hasSingleBean(Topics.class);
			assertThat(context.getBean(ActorRegistries.class).get("desk").topics())
				.isSameAs(context.getBean(OwnTopics.class).topics);
		});
	}

	@Test
	void publishReachesLiveActorsThroughSubscribeMethods() {
		this.runner.run((context) -> {
			ActorRegistry<String, Desk> desks = desks(context);
			Desk alice = desks.ask("alice", (desk) -> desk).join();
			Desk bob = desks.ask("bob", (desk) -> desk).join();
			int delivered = context.getBean(Publisher.class).publish("rates", new RateChanged(2));
			// the two live desks, and the two branches that the other registry activates
			assertThat(delivered).isEqualTo(4);
			Waits.eventually().until(() -> alice.rates.size() == 1 && bob.rates.size() == 1);
			assertThat(alice.rates).containsExactly(new RateChanged(2));
			assertThat(desks.lookup("carol")).isEmpty();
		});
	}

	@Test
	void publishReachesLiveActorsSubscribedFromTheirConstructor() {
		this.runner.run((context) -> {
			ActorRegistry<String, Desk> desks = desks(context);
			Desk alice = desks.ask("alice", (desk) -> desk).join();
			assertThat(context.getBean(Topics.class).subscribers("news")).isEqualTo(1);
			context.getBean(Publisher.class).publish("news", "markets open");
			// another type on the same topic is not for this subscription
			context.getBean(Publisher.class).publish("news", 42);
			Waits.eventually().until(() -> alice.news.size() == 1);
			assertThat(alice.news).containsExactly("markets open");
			desks.stop("alice").join();
			assertThat(context.getBean(Topics.class).subscribers("news")).isZero();
		});
	}

	@Test
	void activateStartsTheNamedKeysConvertedToTheKeyType() {
		this.runner.run((context) -> {
			ActorRegistry<Long, Branch> branches = branches(context);
			assertThat(branches.lookup(1L)).isEmpty();
			int delivered = context.getBean(Publisher.class).publish("rates", new RateChanged(3));
			assertThat(delivered).isEqualTo(2);
			Branch one = branches.ask(1L, (branch) -> branch).join();
			Branch two = branches.ask(2L, (branch) -> branch).join();
			Waits.eventually().until(() -> one.rates.size() == 1 && two.rates.size() == 1);
			assertThat(one.rates).containsExactly(new RateChanged(3));
			assertThat(branches.size()).isEqualTo(2);
		});
	}

	@Test
	void aRepeatedSubscribeTakesMessagesFromEachOfItsTopics() {
		this.runner.withUserConfiguration(Watcher.class).run((context) -> {
			@SuppressWarnings("unchecked")
			ActorRegistry<String, Watcher> watchers = (ActorRegistry<String, Watcher>) context
				.getBean(ActorRegistries.class)
				.get("watcher");
			Publisher publisher = context.getBean(Publisher.class);
			// the first annotation activates its key, the second does not
			assertThat(publisher.publish("fx", new RateChanged(1))).isOne();
			Watcher watcher = watchers.ask("lookout", (found) -> found).join();
			// the watcher and the two branches the other registry activates
			assertThat(publisher.publish("rates", new RateChanged(2))).isEqualTo(3);
			assertThat(publisher.publish("fx", new RateChanged(3))).isOne();
			Waits.eventually().until(() -> watcher.rates.size() == 3);
			assertThat(watcher.rates).containsExactly(new RateChanged(1), new RateChanged(2), new RateChanged(3));
		});
	}

	@Test
	void aSubscribeMethodThatThrowsFollowsTheFailurePolicy() {
		this.runner.withPropertyValues("actors.registries.desk.failure-policy=stop").run((context) -> {
			ActorRegistry<String, Desk> desks = desks(context);
			desks.ask("alice", (desk) -> desk).join();
			context.getBean(Publisher.class).publish("rates", new RateChanged(-1));
			Waits.eventually().until(() -> desks.lookup("alice").isEmpty());
		});
	}

	private static ActorRegistry<String, Desk> desks(org.springframework.context.ApplicationContext context) {
		return context.getBean(Publisher.class).desks;
	}

	private static ActorRegistry<Long, Branch> branches(org.springframework.context.ApplicationContext context) {
		return context.getBean(Publisher.class).branches;
	}

	record RateChanged(int percent) {
	}

	@Actor
	static class Desk {

		final List<RateChanged> rates = new CopyOnWriteArrayList<>();

		final List<String> news = new CopyOnWriteArrayList<>();

		Desk(ActorContext<String> context) {
			context.subscribe("news", String.class, this.news::add);
		}

		@Subscribe("rates")
		void onRate(RateChanged rate) {
			if (rate.percent() < 0) {
				throw new IllegalArgumentException("negative rate");
			}
			this.rates.add(rate);
		}

	}

	@Actor(name = "branch", keyType = Long.class)
	static class Branch {

		final List<RateChanged> rates = new CopyOnWriteArrayList<>();

		@Subscribe(topic = "rates", activate = { "1", "2" })
		private void onRate(RateChanged rate) {
			this.rates.add(rate);
		}

	}

	@Actor
	static class Watcher {

		final List<RateChanged> rates = new CopyOnWriteArrayList<>();

		@Subscribe(topic = "fx", activate = "lookout")
		@Subscribe("rates")
		void onRate(RateChanged rate) {
			this.rates.add(rate);
		}

	}

	static class Publisher {

		final Topics topics;

		final ActorRegistry<String, Desk> desks;

		final ActorRegistry<Long, Branch> branches;

		Publisher(Topics topics, ActorRegistry<String, Desk> desks, ActorRegistry<Long, Branch> branches) {
			this.topics = topics;
			this.desks = desks;
			this.branches = branches;
		}

		int publish(String topic, Object message) {
			return this.topics.publish(topic, message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnTopics {

		final Topics topics = Topics.create();

		@Bean
		Topics applicationTopics() {
			return this.topics;
		}

	}

}
