package dev.actorregistry.spring.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.ActorStartException;
import dev.actorregistry.DrainReport;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.MailboxFullException;
import dev.actorregistry.PersistentCounter;
import dev.actorregistry.RegistryClosedException;
import dev.actorregistry.RegistryDrainingException;
import dev.actorregistry.RegistryStatus;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.reminder.InMemoryReminderStore;
import dev.actorregistry.reminder.Remindable;
import dev.actorregistry.reminder.Reminder;
import dev.actorregistry.reminder.ReminderSettings;
import dev.actorregistry.reminder.ReminderTick;
import dev.actorregistry.test.FlakyStateStore;
import dev.actorregistry.test.ManualClock;
import dev.actorregistry.test.RegistryTestKit;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ActorMetricsListener} on plain registries, one event at a time, with exact
 * counts: which event moves which meter, with which tags.
 */
class ActorMetricsListenerTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ActorMetricsListener listener = new ActorMetricsListener(this.meters);

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final ManualClock clock = new ManualClock();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	@AfterEach
	void shutDown() {
		this.registries.forEach((registry) -> registry.drain(Duration.ZERO));
		this.executor.shutdownNow();
	}

	@Test
	void countsSuccessfulAndFailedActivations() {
		ActorRegistry<String, Cell> cells = track(registry("cells").build());
		cells.lookupOrStart("a");
		cells.lookupOrStart("b");
		cells.lookupOrStart("a");
		assertThatExceptionOfType(ActorStartException.class).isThrownBy(() -> cells.lookupOrStart("bad"));
		assertThat(counter("actors.activations", "cells", "outcome", "success")).isEqualTo(2);
		assertThat(counter("actors.activations", "cells", "outcome", "failure")).isEqualTo(1);
		// a failed start by key also fails the message: a rejection
		assertThat(counter("actors.messages.rejected", "cells", "reason", "start-failed")).isZero();
		assertThat(cells.ask("bad", Cell::increment)).failsWithin(Waits.TIMEOUT);
		assertThat(counter("actors.activations", "cells", "outcome", "failure")).isEqualTo(2);
		assertThat(counter("actors.messages.rejected", "cells", "reason", "start-failed")).isEqualTo(1);
	}

	@Test
	void timesMessagesByOutcomeAndTheirWaitInTheMailbox() {
		ActorRegistry<String, Cell> cells = track(registry("cells").build());
		cells.ask("a", Cell::increment).join();
		cells.ask("a", Cell::increment).join();
		assertThat(cells.ask("a", Cell::fail)).failsWithin(Waits.TIMEOUT);
		assertThat(this.meters.get("actors.messages.processing")
			.tags("registry", "cells", "outcome", "success")
			.timer()
			.count()).isEqualTo(2);
		assertThat(this.meters.get("actors.messages.processing")
			.tags("registry", "cells", "outcome", "failure")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.meters.get("actors.messages.wait").tag("registry", "cells").timer().count()).isEqualTo(3);
	}

	@Test
	void keepsRegistriesApart() {
		ActorRegistry<String, Cell> cells = track(registry("cells").build());
		ActorRegistry<String, Cell> others = track(registry("others").build());
		cells.ask("a", Cell::increment).join();
		others.ask("a", Cell::increment).join();
		others.ask("b", Cell::increment).join();
		assertThat(counter("actors.activations", "cells", "outcome", "success")).isEqualTo(1);
		assertThat(counter("actors.activations", "others", "outcome", "success")).isEqualTo(2);
		assertThat(this.meters.getMeters())
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("registry")).isIn("cells", "others"));
	}

	@Test
	void countsAnExplicitStopAsStopped() throws Exception {
		ActorRegistry<String, Cell> cells = track(registry("cells").build());
		cells.lookupOrStart("a");
		cells.stop("a").get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		awaitCounter("actors.passivations", "cells", "reason", "stopped", 1);
	}

	@Test
	void countsAnIdlePassivationAsIdle() {
		ActorRegistry<String, Cell> cells = track(registry("cells").idleTimeout(Duration.ofMinutes(1)).build());
		cells.ask("a", Cell::increment).join();
		this.clock.advance(Duration.ofMinutes(2));
		// the registry's own sweep may get there first: either way, one idle passivation
		Waits.eventually().untilAsserted(() -> {
			RegistryTestKit.of(cells).passivateIdle();
			assertThat(counter("actors.passivations", "cells", "reason", "idle")).isEqualTo(1);
		});
		assertThat(cells.lookup("a")).isEmpty();
	}

	@Test
	void countsAnEvictionAsEvicted() {
		ActorRegistry<String, Cell> cells = track(registry("cells").maxActive(1).build());
		cells.ask("a", Cell::increment).join();
		// "a" must be idle (its mailbox empty) to be evicted by the start of "b"
		Waits.eventually().until(() -> cells.pendingMessages() == 0);
		cells.ask("b", Cell::increment).join();
		awaitCounter("actors.passivations", "cells", "reason", "evicted", 1);
	}

	@Test
	void countsAStopAfterAFailureAsFailed() {
		ActorRegistry<String, Cell> cells = track(registry("cells").failurePolicy(FailurePolicy.STOP).build());
		assertThat(cells.ask("a", Cell::fail)).failsWithin(Waits.TIMEOUT);
		awaitCounter("actors.passivations", "cells", "reason", "failed", 1);
		assertThat(counter("actors.restarts", "cells", null, null)).isZero();
	}

	@Test
	void countsARestartAsARestartAndNotAsAPassivation() {
		ActorRegistry<String, Cell> cells = track(registry("cells").failurePolicy(FailurePolicy.RESTART).build());
		assertThat(cells.ask("a", Cell::fail)).failsWithin(Waits.TIMEOUT);
		assertThat(cells.ask("a", Cell::increment).join()).isEqualTo(1);
		assertThat(counter("actors.restarts", "cells", null, null)).isEqualTo(1);
		assertThat(this.meters.find("actors.passivations").counters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		assertThat(this.meters.find("actors.passivations").tag("reason", "restarted").meters()).isEmpty();
		assertThat(counter("actors.activations", "cells", "outcome", "success")).isEqualTo(1);
	}

	@Test
	void countsDrainedActorsAndMessagesRefusedWhileDrainingAndAfter() throws Exception {
		ActorRegistry<String, Cell> cells = track(registry("cells").build());
		cells.ask("a", Cell::increment).join();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch open = new CountDownLatch(1);
		CompletableFuture<Integer> held = cells.ask("b", (cell) -> cell.hold(entered, open));
		assertThat(entered.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		CompletableFuture<DrainReport> drain = CompletableFuture.supplyAsync(() -> cells.drain(Waits.TIMEOUT),
				this.executor);
		Waits.eventually().until(() -> cells.status() == RegistryStatus.DRAINING);
		assertThatExceptionOfType(RegistryDrainingException.class).isThrownBy(() -> cells.tell("new", Cell::increment));
		open.countDown();
		assertThat(held.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		assertThat(drain.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).actorsStopped()).isEqualTo(2);
		assertThatExceptionOfType(RegistryClosedException.class).isThrownBy(() -> cells.tell("later", Cell::increment));
		awaitCounter("actors.passivations", "cells", "reason", "drained", 2);
		assertThat(counter("actors.messages.rejected", "cells", "reason", "draining")).isEqualTo(1);
		assertThat(counter("actors.messages.rejected", "cells", "reason", "closed")).isEqualTo(1);
	}

	@Test
	void countsAFullMailboxAsRejected() throws Exception {
		ActorRegistry<String, Cell> cells = track(registry("cells").mailboxCapacity(1).build());
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch open = new CountDownLatch(1);
		CompletableFuture<Integer> held = cells.ask("a", (cell) -> cell.hold(entered, open));
		assertThat(entered.await(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThatExceptionOfType(MailboxFullException.class).isThrownBy(() -> cells.tell("a", Cell::increment));
		open.countDown();
		assertThat(held.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		assertThat(counter("actors.messages.rejected", "cells", "reason", "mailbox-full")).isEqualTo(1);
	}

	@Test
	void buildsTheMetersOfARegistryOnce() {
		ActorRegistry<String, Cell> cells = track(registry("cells").build());
		cells.ask("a", Cell::increment).join();
		int registered = this.meters.getMeters().size();
		for (int i = 0; i < 100; i++) {
			cells.ask("k" + i, Cell::increment).join();
		}
		assertThat(this.meters.getMeters()).hasSize(registered);
		// 2 activations, 6 passivations, restarts, 2 processing, wait, 8 rejections
		assertThat(registered).isEqualTo(20);
		assertThat(this.meters.getMeters()).extracting(Meter::getId)
			.allSatisfy((id) -> assertThat(id.getTag("registry")).isEqualTo("cells"));
	}

	@Test
	void timesStateLoadsAndSavesByOutcomeAndCountsConflicts() {
		FlakyStateStore store = new FlakyStateStore();
		ActorRegistry<String, PersistentCounter> winner = track(tallies(store, false));
		ActorRegistry<String, PersistentCounter> loser = track(tallies(store, true));
		loser.lookupOrStart("k");
		winner.ask("k", PersistentCounter::increment).join();
		winner.stop("k").join();

		assertThat(loser.ask("k", PersistentCounter::increment)).failsWithin(Waits.TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(StateConflictException.class);
		store.down();
		assertThat(winner.ask("other", PersistentCounter::increment)).failsWithin(Waits.TIMEOUT);

		assertThat(timer("actors.state.loads", "success")).isEqualTo(2);
		assertThat(timer("actors.state.loads", "failure")).isEqualTo(1);
		assertThat(timer("actors.state.saves", "success")).isEqualTo(1);
		assertThat(timer("actors.state.saves", "conflict")).isEqualTo(1);
		assertThat(timer("actors.state.saves", "failure")).isZero();
		assertThat(counter("actors.state.conflicts", "tallies", null, null)).isEqualTo(1);
		// registries without persistent actors register no state meters
		track(registry("cells").build()).ask("a", Cell::increment).join();
		assertThat(this.meters.find("actors.state.saves").tag("registry", "cells").timers()).isEmpty();
	}

	@Test
	void countsReminderTicksFiredMissedAndFailed() {
		ActorRegistry<String, Bell> bells = track(
				ActorRegistry.<String, Bell>builder("bells", String.class, (key, context) -> new Bell(key))
					// polled only when the test fires: an hour of real time away
					.reminders(new InMemoryReminderStore(),
							new ReminderSettings(Duration.ofHours(1), 100, Duration.ofSeconds(30),
									Duration.ofMinutes(1), 100, Duration.ofSeconds(10)))
					.executor(this.executor)
					.clock(this.clock)
					.listener(this.listener)
					.build());
		Instant start = this.clock.instant();

		bells.reminders().register("a", Reminder.once("ring", start));
		assertThat(RegistryTestKit.of(bells).fireDueReminders()).isOne();
		awaitReminderTicks("fired", 1);
		assertThat(counter("actors.reminders", "bells", "outcome", "missed")).isZero();

		// due every minute, found ten minutes late: one tick stands for the eleven due
		bells.reminders().register("b", Reminder.every("ring", start, Duration.ofMinutes(1)));
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(RegistryTestKit.of(bells).fireDueReminders()).isOne();
		awaitReminderTicks("fired", 2);
		assertThat(counter("actors.reminders", "bells", "outcome", "missed")).isEqualTo(10);

		bells.reminders().register("broken", Reminder.once("ring", this.clock.instant()));
		assertThat(RegistryTestKit.of(bells).fireDueReminders()).isOne();
		awaitReminderTicks("failed", 1);
		assertThat(counter("actors.reminders", "bells", "outcome", "fired")).isEqualTo(2);
		assertThat(this.meters.get("actors.reminders").tag("registry", "bells").meters()).hasSize(3);
	}

	@Test
	void registriesWithoutRemindersRegisterNoReminderMeters() {
		track(registry("cells").build()).ask("a", Cell::increment).join();
		assertThat(this.meters.find("actors.activations").tag("registry", "cells").counters()).isNotEmpty();
		assertThat(this.meters.find("actors.reminders").meters()).isEmpty();
	}

	// registered at the first reminder event, which follows the delivery
	private void awaitReminderTicks(String outcome, double expected) {
		Waits.eventually().untilAsserted(() -> {
			var ticks = this.meters.find("actors.reminders").tags("registry", "bells", "outcome", outcome).counter();
			assertThat(ticks).as("actors.reminders outcome=" + outcome).isNotNull();
			assertThat(ticks.count()).isEqualTo(expected);
		});
	}

	private long timer(String name, String outcome) {
		return this.meters.get(name).tag("registry", "tallies").tag("outcome", outcome).timer().count();
	}

	private ActorRegistry<String, PersistentCounter> tallies(StateStore store, boolean writeThrough) {
		return ActorRegistry
			.<String, PersistentCounter>builder("tallies", String.class, (key, context) -> new PersistentCounter())
			.stateStore(store, new SerializingCodec())
			.writeThrough(writeThrough)
			.executor(this.executor)
			.clock(this.clock)
			.listener(this.listener)
			.build();
	}

	private ActorRegistryBuilder<String, Cell> registry(String name) {
		return ActorRegistry.<String, Cell>builder(name, String.class, (key, context) -> {
			if (key.equals("bad")) {
				throw new IllegalStateException("no cell for bad keys");
			}
			return new Cell();
		}).executor(this.executor).clock(this.clock).listener(this.listener);
	}

	/** Drained after the test, so no registry outlives it. */
	private <A> ActorRegistry<String, A> track(ActorRegistry<String, A> registry) {
		this.registries.add(registry);
		return registry;
	}

	private double counter(String name, String registry, @Nullable String tag, @Nullable String value) {
		var search = this.meters.get(name).tag("registry", registry);
		return ((tag != null && value != null) ? search.tag(tag, value) : search).counter().count();
	}

	// listeners hear of a stop just after the actor's key is free
	private void awaitCounter(String name, String registry, String tag, String value, double expected) {
		Waits.eventually().untilAsserted(() -> assertThat(counter(name, registry, tag, value)).isEqualTo(expected));
	}

	/** An actor that takes reminder ticks; the one of key {@code broken} fails them. */
	static final class Bell implements Remindable {

		private final String key;

		Bell(String key) {
			this.key = key;
		}

		@Override
		public void onReminder(ReminderTick tick) {
			if (this.key.equals("broken")) {
				throw new IllegalStateException("Bell " + this.key + " failed on purpose");
			}
		}

	}

	/** An actor with a counter. */
	static final class Cell {

		private int value;

		int increment() {
			return ++this.value;
		}

		int fail() {
			throw new IllegalStateException("Cell failed on purpose");
		}

		int hold(CountDownLatch entered, CountDownLatch open) {
			entered.countDown();
			Waits.awaitLatch(open);
			return increment();
		}

	}

}
