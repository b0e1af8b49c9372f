package dev.actorregistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.WORK_TIMEOUT;
import static dev.actorregistry.test.Waits.blockOn;
import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Topics: fan-out to subscribed actors as turns, order per publisher, and subscriptions
 * that end with their actor.
 */
class TopicTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	/** Every instance created, by key, the latest last. */
	private final Map<String, List<Reader>> instances = new ConcurrentHashMap<>();

	private final Topics topics = Topics.create();

	@AfterEach
	void cleanUp() {
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.executor.shutdownNow();
	}

	@Test
	void publishReachesEverySubscribedActorOnceAsATurn() {
		ActorRegistry<String, Reader> registry = registry("readers", UnaryOperator.identity());
		for (String key : List.of("a", "b", "c")) {
			registry.lookupOrStart(key);
		}
		registry.lookupOrStart("quiet").ask((reader) -> reader.subscribed.cancel()).join();

		assertThat(this.topics.publish("news", "hello")).isEqualTo(3);
		assertThat(this.topics.publish("news", 42)).isZero();
		assertThat(this.topics.publish("weather", "rain")).isZero();
		for (String key : List.of("a", "b", "c")) {
			eventually().untilAsserted(() -> assertThat(latest(key).received).containsExactly("hello"));
		}
		assertThat(latest("quiet").received).isEmpty();
	}

	/**
	 * The race: two publishers publish numbered messages at once to five subscribers;
	 * each subscriber must see each publisher's messages in the order published.
	 */
	@Test
	void eachSubscriberSeesEachPublishersMessagesInOrder() throws Exception {
		ActorRegistry<String, Reader> registry = registry("readers", UnaryOperator.identity());
		List<String> keys = List.of("a", "b", "c", "d", "e");
		keys.forEach(registry::lookupOrStart);
		int perPublisher = 5_000;
		CyclicBarrier start = new CyclicBarrier(2);
		List<Future<Integer>> publishers = new ArrayList<>();
		for (String publisher : List.of("p", "q")) {
			publishers.add(this.executor.submit(() -> {
				start.await();
				int delivered = 0;
				for (int i = 0; i < perPublisher; i++) {
					delivered += this.topics.publish("news", publisher + ":" + i);
				}
				return delivered;
			}));
		}
		// the messages, however long a busy machine takes over them: the deadlines are
		// guards
		for (Future<Integer> publisher : publishers) {
			assertThat(publisher.get(WORK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
				.isEqualTo(perPublisher * keys.size());
		}
		for (String key : keys) {
			Reader reader = latest(key);
			eventually().atMost(WORK_TIMEOUT)
				.untilAsserted(() -> assertThat(reader.received).hasSize(2 * perPublisher));
			for (String publisher : List.of("p", "q")) {
				List<String> own = reader.received.stream().filter((message) -> message.startsWith(publisher)).toList();
				assertThat(own).hasSize(perPublisher);
				for (int i = 0; i < perPublisher; i++) {
					assertThat(own.get(i)).isEqualTo(publisher + ":" + i);
				}
			}
		}
	}

	@Test
	void stoppedActorIsUnsubscribedAndAReactivatedOneReceivesOnce() {
		ActorRegistry<String, Reader> registry = registry("readers", UnaryOperator.identity());
		registry.lookupOrStart("a");
		assertThat(this.topics.subscribers("news")).isOne();
		registry.stop("a").join();
		assertThat(this.topics.subscribers("news")).isZero();
		assertThat(this.topics.publish("news", "while away")).isZero();
		assertThat(registry.size()).isZero();

		registry.lookupOrStart("a");
		assertThat(this.topics.publish("news", "back")).isOne();
		eventually().untilAsserted(() -> assertThat(latest("a").received).containsExactly("back"));
		assertThat(this.instances.get("a").get(0).received).isEmpty();
		assertThat(this.topics.subscribers("news")).isOne();
	}

	@Test
	void cancelledSubscriptionRunsNoMessageNotEvenOneAlreadyQueued() throws Exception {
		ActorRegistry<String, Reader> registry = registry("readers", UnaryOperator.identity());
		ActorRef<String, Reader> ref = registry.lookupOrStart("a");
		CountDownLatch busy = new CountDownLatch(1);
		var blocked = blockOn(ref, busy, (reader) -> reader.received.size());
		assertThat(this.topics.publish("news", "queued")).isOne();
		assertThat(latest("a").subscribed.cancel()).isTrue();
		busy.countDown();
		assertThat(blocked.get()).isZero();
		assertThat(ref.ask((reader) -> reader.received.size()).join()).isZero();
		assertThat(this.topics.publish("news", "after")).isZero();
	}

	/**
	 * A subscription cancelled from another thread while its handler runs: cancel waits
	 * for the handler to end, so when it returns no message of the subscription is
	 * running, and none runs afterwards.
	 */
	@Test
	void cancelFromAnotherThreadWaitsForTheHandlerUnderWay() throws Exception {
		ActorRegistry<String, Reader> registry = registry("readers", UnaryOperator.identity());
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		java.util.concurrent.atomic.AtomicBoolean handlerEnded = new java.util.concurrent.atomic.AtomicBoolean();
		Subscription held = registry.ask("a", (reader) -> reader.context.subscribe("slow", String.class, (message) -> {
			entered.countDown();
			Waits.awaitLatch(release);
			handlerEnded.set(true);
		})).join();
		assertThat(this.topics.publish("slow", "first")).isOne();
		assertThat(entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the handler began").isTrue();

		java.util.concurrent.atomic.AtomicReference<Thread> canceller = new java.util.concurrent.atomic.AtomicReference<>();
		Future<Boolean> cancelled = this.executor.submit(() -> {
			canceller.set(Thread.currentThread());
			return held.cancel();
		});
		eventually().until(() -> canceller.get() != null && canceller.get().getState() == Thread.State.TIMED_WAITING);
		assertThat(held.isActive()).isFalse();
		assertThat(cancelled).isNotDone();
		assertThat(handlerEnded).isFalse();

		release.countDown();
		assertThat(cancelled.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(handlerEnded).isTrue();
		assertThat(this.topics.publish("slow", "after")).isZero();
	}

	@Test
	void restartedActorKeepsOnlyTheSubscriptionsOfItsFreshInstance() {
		ActorRegistry<String, Reader> registry = registry("readers",
				(builder) -> builder.failurePolicy(FailurePolicy.RESTART));
		registry.lookupOrStart("a");
		assertThat(registry.ask("a", (reader) -> {
			throw new IllegalStateException("boom");
		})).failsWithin(TIMEOUT);
		eventually().untilAsserted(() -> assertThat(this.instances.get("a")).hasSize(2));
		assertThat(this.topics.subscribers("news")).isOne();
		assertThat(this.topics.publish("news", "once")).isOne();
		eventually().untilAsserted(() -> assertThat(latest("a").received).containsExactly("once"));
		assertThat(this.instances.get("a").get(0).received).isEmpty();
	}

	@Test
	void declaredSubscriptionReachesEveryLiveActorAndStartsTheKeysItActivates() {
		ActorRegistry<String, Reader> registry = registry("declared",
				(builder) -> builder.subscribe(TopicSubscription
					.<String, Reader, String>of("alerts", String.class, (reader, alert) -> reader.received.add(alert))
					.activating("x", "y")));
		registry.lookupOrStart("a");
		registry.lookupOrStart("x");

		assertThat(this.topics.publish("alerts", "fire")).isEqualTo(3);
		for (String key : List.of("a", "x", "y")) {
			eventually().untilAsserted(() -> assertThat(latest(key).received).containsExactly("fire"));
		}
		assertThat(registry.size()).isEqualTo(3);
	}

	@Test
	void registriesSharingTopicsShareTheirSubscribers() {
		ActorRegistry<String, Reader> first = registry("first", UnaryOperator.identity());
		ActorRegistry<String, Reader> second = registry("second", UnaryOperator.identity());
		first.lookupOrStart("a");
		second.lookupOrStart("b");
		assertThat(first.topics()).isSameAs(second.topics());
		assertThat(this.topics.publish("news", "both")).isEqualTo(2);
		eventually().untilAsserted(() -> assertThat(latest("a").received).containsExactly("both"));
		eventually().untilAsserted(() -> assertThat(latest("b").received).containsExactly("both"));
	}

	@Test
	void stoppedActorCannotSubscribe() {
		ActorRegistry<String, Reader> registry = registry("readers", UnaryOperator.identity());
		registry.lookupOrStart("a");
		Reader reader = latest("a");
		registry.stop("a").join();
		assertThatExceptionOfType(ActorStoppedException.class)
			.isThrownBy(() -> reader.context.subscribe("late", String.class, reader.received::add))
			.withMessageContaining("Registry 'readers'")
			.withMessageContaining("actor 'a'")
			.withMessageContaining("topic 'late'");
	}

	/**
	 * The newest instance of an actor. An assertion, not a lookup: a key a publication
	 * activates starts on the executor, so waiting callers retry until its factory ran.
	 */
	private Reader latest(String key) {
		List<Reader> created = this.instances.get(key);
		assertThat(created).as("instances of actor '%s'", key).isNotEmpty();
		return created.get(created.size() - 1);
	}

	private ActorRegistry<String, Reader> registry(String name,
			UnaryOperator<ActorRegistryBuilder<String, Reader>> customizer) {
		ActorRegistryBuilder<String, Reader> builder = ActorRegistry.builder(name, String.class, (key, context) -> {
			Reader reader = new Reader(context);
			this.instances.computeIfAbsent(key, (k) -> new CopyOnWriteArrayList<>()).add(reader);
			return reader;
		}).topics(this.topics).executor(this.executor);
		ActorRegistry<String, Reader> registry = customizer.apply(builder).build();
		this.registries.add(registry);
		return registry;
	}

	/** Subscribes to "news" as it is created, and keeps what it read. */
	static final class Reader {

		final ActorContext<String> context;

		final List<String> received = new CopyOnWriteArrayList<>();

		final Subscription subscribed;

		Reader(ActorContext<String> context) {
			this.context = context;
			this.subscribed = context.subscribe("news", String.class, this.received::add);
		}

	}

}
