package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sender's context travels with each message to its turn. The context is a plain
 * {@link ThreadLocal}, carried by a hand-made {@link ContextPropagator}; the registry
 * runs on one thread of its own, so what a turn leaves behind on it is visible to the
 * next.
 */
class ContextPropagationTests {

	private static final ThreadLocal<String> TRACE = new ThreadLocal<>();

	private static final String NONE = "(none)";

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> new Thread(task, "turns"));

	private final ManualClock clock = new ManualClock();

	private final ThreadLocalPropagator propagator = new ThreadLocalPropagator();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	/** What each key's factory saw, by key. */
	private final Map<String, String> seenByFactory = new ConcurrentHashMap<>();

	@AfterEach
	void cleanUp() {
		TRACE.remove();
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
		this.executor.shutdownNow();
	}

	@Test
	void askAndTellTurnsSeeTheSendersContextOnTheRegistrysThread() {
		ActorRegistry<String, Probe> registry = registry(UnaryOperator.identity());
		TRACE.set("request-1");

		assertThat(registry.ask("a", (probe) -> Thread.currentThread().getName() + " " + seen()).join())
			.isEqualTo("turns request-1");
		registry.tell("a", (probe) -> probe.seen.add(seen()));
		ActorRef<String, Probe> ref = registry.lookup("a").orElseThrow();
		TRACE.set("request-2");
		ref.tell((probe) -> probe.seen.add(seen()));
		assertThat(ref.ask((probe) -> seen()).join()).isEqualTo("request-2");
		assertThat(registry.ask("a", (probe) -> List.copyOf(probe.seen)).join()).containsExactly("request-1",
				"request-2");
	}

	@Test
	void turnLeavesTheThreadAsItFoundIt() throws Exception {
		ActorRegistry<String, Probe> registry = registry(UnaryOperator.identity());
		this.executor.submit(() -> TRACE.set("ambient")).get();

		TRACE.set("request-1");
		assertThat(registry.ask("a", (probe) -> seen()).join()).isEqualTo("request-1");
		assertThat(onRegistryThread()).isEqualTo("ambient");

		// a sender with nothing to carry: its turn must not see the thread's own value
		TRACE.remove();
		assertThat(registry.ask("a", (probe) -> seen()).join()).isEqualTo(NONE);
		assertThat(onRegistryThread()).isEqualTo("ambient");
		assertThat(this.propagator.open).hasValue(0);
	}

	@Test
	void sendersNeverSeeEachOthersContext() throws Exception {
		ActorRegistry<String, Probe> registry = registry(UnaryOperator.identity());
		int messages = 200;
		ExecutorService senders = Executors.newFixedThreadPool(3);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (String sender : new String[] { "alice", "bob", null }) {
				sent.add(senders.submit(() -> {
					TRACE.set(sender);
					String expected = (sender != null) ? sender : NONE;
					for (int i = 0; i < messages; i++) {
						registry.tell("shared", (probe) -> probe.seen.add(expected + "=" + seen()));
					}
				}));
			}
			for (Future<?> each : sent) {
				each.get();
			}
		}
		finally {
			senders.shutdownNow();
		}
		List<String> seen = registry.ask("shared", (probe) -> List.copyOf(probe.seen)).join();
		assertThat(seen).hasSize(3 * messages)
			.allSatisfy((entry) -> assertThat(entry.substring(entry.indexOf('=') + 1))
				.isEqualTo(entry.substring(0, entry.indexOf('='))));
		assertThat(onRegistryThread()).isNull();
	}

	@Test
	void contextIsPutBackEvenWhenTheFunctionThrows() throws Exception {
		ActorRegistry<String, Probe> registry = registry(UnaryOperator.identity());
		TRACE.set("request-1");

		assertThatExceptionOfType(Exception.class).isThrownBy(() -> registry.ask("a", (probe) -> {
			probe.seen.add(seen());
			throw new IllegalStateException("boom");
		}).join()).withRootCauseInstanceOf(IllegalStateException.class);
		registry.tell("a", (probe) -> {
			throw new IllegalStateException("boom, told");
		});

		assertThat(registry.ask("a", (probe) -> List.copyOf(probe.seen)).join()).containsExactly("request-1");
		assertThat(onRegistryThread()).isNull();
		assertThat(this.propagator.open).hasValue(0);
	}

	@Test
	void startRunsInTheContextOfTheMessageThatCausedIt() {
		ActorRegistry<String, Probe> registry = registry(UnaryOperator.identity());
		TRACE.set("first-sender");
		registry.tell("a", (probe) -> {
		});
		TRACE.set("async-starter");
		registry.startAsync("b").join();
		TRACE.remove();
		registry.ask("c", (probe) -> null).join();

		assertThat(registry.ask("a", (probe) -> seen()).join()).isEqualTo(NONE);
		assertThat(this.seenByFactory).containsEntry("a", "first-sender")
			.containsEntry("b", "async-starter")
			.containsEntry("c", NONE);
	}

	@Test
	void timerTicksRunInAFreshContext() {
		ActorRegistry<String, Probe> registry = registry(UnaryOperator.identity());
		TRACE.set("request-that-started-the-timer");
		registry
			.ask("a", (probe) -> probe.context.timers()
				.start("tick", TimerSchedule.once(Duration.ofMinutes(1)), () -> probe.seen.add("tick " + seen())))
			.join();

		TRACE.set("thread-that-fires-timers");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(RegistryTestKit.of(registry).fireDueTimers()).isOne();

		eventually().untilAsserted(() -> assertThat(registry.ask("a", (probe) -> List.copyOf(probe.seen)).join())
			.containsExactly("tick " + NONE));
	}

	@Test
	void reminderTicksAndTheStartsTheyCauseRunInAFreshContext() {
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.reminders(new InMemoryReminderStore(),
				// polled by the test only
				new ReminderSettings(Duration.ofHours(1), 1000, Duration.ofSeconds(30), Duration.ofMinutes(1), 3,
						Duration.ofSeconds(10))));
		TRACE.set("request-that-registered");
		registry.reminders().register("a", Reminder.once("wake", this.clock.instant().plus(Duration.ofMinutes(1))));

		TRACE.set("thread-that-polls");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(RegistryTestKit.of(registry).fireDueReminders()).isOne();

		TRACE.remove();
		eventually().untilAsserted(() -> assertThat(registry.ask("a", (probe) -> List.copyOf(probe.seen)).join())
			.containsExactly("reminder " + NONE));
		assertThat(this.seenByFactory).containsEntry("a", NONE);
	}

	@Test
	void topicMessagesRunInThePublishersContext() {
		ActorRegistry<String, Probe> registry = registry((builder) -> builder.subscribe(TopicSubscription
			.<String, Probe, String>of("news", String.class, (probe, news) -> probe.seen.add(news + " " + seen()))
			.activating("declared")));
		registry
			.ask("subscriber",
					(probe) -> probe.context.subscribe("news", String.class,
							(news) -> probe.seen.add("own " + news + " " + seen())))
			.join();

		TRACE.set("publisher");
		assertThat(registry.topics().publish("news", "rates")).isEqualTo(3);
		TRACE.remove();

		eventually()
			.untilAsserted(() -> assertThat(registry.ask("subscriber", (probe) -> List.copyOf(probe.seen)).join())
				.containsExactlyInAnyOrder("rates publisher", "own rates publisher"));
		assertThat(registry.ask("declared", (probe) -> List.copyOf(probe.seen)).join())
			.containsExactly("rates publisher");
		assertThat(this.seenByFactory).containsEntry("declared", "publisher");
	}

	@Test
	void withoutAPropagatorTurnsCarryNothing() {
		ActorRegistry<String, Probe> registry = track(
				ActorRegistry.builder("plain", String.class, (key, context) -> new Probe(context))
					.executor(this.executor)
					.build());
		TRACE.set("request-1");

		assertThat(registry.ask("a", (probe) -> seen()).join()).isEqualTo(NONE);
	}

	@Test
	void propagatorThatFailsToRestoreLeavesTheTurnToRunWithoutIt() {
		ContextPropagator failing = new ContextPropagator() {

			@Override
			public Object capture() {
				return "captured";
			}

			@Override
			public Scope restore(@Nullable Object context) {
				throw new IllegalStateException("broken propagator");
			}

		};
		ActorRegistry<String, Probe> registry = track(
				ActorRegistry.builder("failing", String.class, (key, context) -> new Probe(context))
					.executor(this.executor)
					.contextPropagator(failing)
					.build());

		assertThat(registry.ask("a", (probe) -> "ran " + seen()).join()).isEqualTo("ran " + NONE);
	}

	private ActorRegistry<String, Probe> registry(UnaryOperator<ActorRegistryBuilder<String, Probe>> customizer) {
		ActorRegistryBuilder<String, Probe> builder = ActorRegistry.builder("probes", String.class, (key, context) -> {
			this.seenByFactory.put(key, seen());
			return new Probe(context);
		}).executor(this.executor).clock(this.clock).contextPropagator(this.propagator);
		return track(customizer.apply(builder).build());
	}

	private <K, A> ActorRegistry<K, A> track(ActorRegistry<K, A> registry) {
		this.registries.add(registry);
		return registry;
	}

	private static String seen() {
		String value = TRACE.get();
		return (value != null) ? value : NONE;
	}

	/** The context on the registry's thread, between turns. */
	private @Nullable String onRegistryThread() throws Exception {
		return this.executor.submit(TRACE::get).get();
	}

	/** An actor that notes the contexts its turns see. */
	static final class Probe implements Remindable {

		final ActorContext<String> context;

		final List<String> seen = new CopyOnWriteArrayList<>();

		Probe(ActorContext<String> context) {
			this.context = context;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			this.seen.add("reminder " + seen());
		}

	}

	/** Carries {@link #TRACE}, and counts the scopes still open. */
	static final class ThreadLocalPropagator implements ContextPropagator {

		final AtomicInteger open = new AtomicInteger();

		@Override
		public @Nullable Object capture() {
			return TRACE.get();
		}

		@Override
		public Scope restore(@Nullable Object context) {
			String previous = TRACE.get();
			set((String) context);
			this.open.incrementAndGet();
			return () -> {
				set(previous);
				this.open.decrementAndGet();
			};
		}

		private static void set(@Nullable String value) {
			if (value != null) {
				TRACE.set(value);
			}
			else {
				TRACE.remove();
			}
		}

	}

}
