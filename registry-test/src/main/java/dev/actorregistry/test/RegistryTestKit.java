package dev.actorregistry.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.internal.RegistryMaintenance;

/**
 * Drives the time-based work of registries by hand — idle passivation, actor timers,
 * snapshots, reminders — so that a test of them neither sleeps nor races the registry's
 * own schedule.
 * <p>
 * A kit made with {@code new RegistryTestKit()} owns a {@link ManualClock} and a
 * scheduler that never runs: registries built through {@link #build} read the clock, and
 * their own periodic work never runs behind the test's back. Time moves only with
 * {@link #advance}: <pre class="code">
 * try (RegistryTestKit kit = new RegistryTestKit()) {
 * 	ActorRegistry&lt;String, Cart&gt; carts = kit.build(ActorRegistry.builder("carts", String.class, (id) -&gt; new Cart())
 * 		.idleTimeout(Duration.ofMinutes(30)));
 * 	carts.ask("alice", (cart) -&gt; cart.add("book")).join();
 * 	assertThat(kit.advance(Duration.ofMinutes(31)).passivated()).isOne();
 * }
 * </pre> For registries built elsewhere (a Spring context with a {@link ManualClock}
 * bean), use {@link #of(ManualClock, Iterable)}: their own schedule still runs, at real
 * intervals.
 * <p>
 * Each step returns once its work is queued to the actors; their turns run on the
 * registry's executor, so wait for what a turn does ({@link #awaitQuiet()},
 * {@link Waits#eventually()}).
 */
public final class RegistryTestKit implements AutoCloseable {

	private final @Nullable ManualClock clock;

	private final @Nullable HeldScheduler scheduler;

	private final List<ActorRegistry<?, ?>> registries = new CopyOnWriteArrayList<>();

	private final List<ActorRegistry<?, ?>> built = new CopyOnWriteArrayList<>();

	/**
	 * A kit with its own {@link ManualClock}, for registries built through
	 * {@link #build}.
	 */
	public RegistryTestKit() {
		this(new ManualClock(), new HeldScheduler(), List.of());
	}

	private RegistryTestKit(@Nullable ManualClock clock, @Nullable HeldScheduler scheduler,
			Iterable<? extends ActorRegistry<?, ?>> registries) {
		this.clock = clock;
		this.scheduler = scheduler;
		for (ActorRegistry<?, ?> registry : registries) {
			RegistryMaintenance.of(registry);
			this.registries.add(registry);
		}
	}

	/**
	 * A kit for registries built elsewhere that read the given clock.
	 * @param clock the clock the registries were built with
	 * @param registries the registries
	 * @return the kit
	 * @throws IllegalArgumentException if a registry was not built by
	 * {@link ActorRegistry#builder}
	 */
	public static RegistryTestKit of(ManualClock clock, ActorRegistry<?, ?>... registries) {
		return new RegistryTestKit(clock, null, List.of(registries));
	}

	/**
	 * A kit for registries built elsewhere that read the given clock.
	 * @param clock the clock the registries were built with
	 * @param registries the registries, for example {@code ActorRegistries.all()} of a
	 * Spring context
	 * @return the kit
	 * @throws IllegalArgumentException if a registry was not built by
	 * {@link ActorRegistry#builder}
	 */
	public static RegistryTestKit of(ManualClock clock, Iterable<? extends ActorRegistry<?, ?>> registries) {
		return new RegistryTestKit(clock, null, registries);
	}

	/**
	 * A kit for registries on the system clock, to run their periodic work now (a
	 * snapshot, a reminder poll) instead of waiting for its interval; it cannot
	 * {@link #advance} time.
	 * @param registries the registries
	 * @return the kit
	 * @throws IllegalArgumentException if a registry was not built by
	 * {@link ActorRegistry#builder}
	 */
	public static RegistryTestKit of(ActorRegistry<?, ?>... registries) {
		return new RegistryTestKit(null, null, List.of(registries));
	}

	/**
	 * Build a registry on this kit's clock, its periodic work left to the kit; the kit
	 * closes it when it closes.
	 * @param <K> the key type
	 * @param <A> the actor type
	 * @param builder the registry's builder, with any other settings
	 * @return the registry
	 * @throws IllegalStateException if the kit was made with {@link #of}
	 */
	public <K, A> ActorRegistry<K, A> build(ActorRegistryBuilder<K, A> builder) {
		if (this.clock == null || this.scheduler == null) {
			throw new IllegalStateException("This test kit drives registries built elsewhere; make one with "
					+ "new RegistryTestKit() to build registries on its clock.");
		}
		ActorRegistry<K, A> registry = builder.clock(this.clock).scheduler(this.scheduler.scheduler()).build();
		this.registries.add(registry);
		this.built.add(registry);
		return registry;
	}

	/**
	 * The kit's clock.
	 * @return the clock
	 * @throws IllegalStateException if the kit was made without one
	 */
	public ManualClock clock() {
		if (this.clock == null) {
			throw noClock();
		}
		return this.clock;
	}

	/**
	 * Move the clock forward, then {@linkplain #runDue() run what became due}.
	 * @param duration how far
	 * @return what ran
	 * @throws IllegalStateException if the kit was made without a {@link ManualClock}
	 */
	public DueWork advance(Duration duration) {
		clock().advance(duration);
		return runDue();
	}

	/**
	 * Run, in this order, everything due by the registries' clock: actor timers, reminder
	 * ticks, snapshots of actors that changed, and the passivation of idle actors.
	 * @return what ran
	 */
	public DueWork runDue() {
		int timerTicks = fireDueTimers();
		int reminderTicks = fireDueReminders();
		int snapshots = requestSnapshots();
		int passivated = passivateIdle();
		return new DueWork(timerTicks, reminderTicks, snapshots, passivated);
	}

	/**
	 * Passivate every actor idle for longer than its registry's idle timeout.
	 * @return the number of actors asked to stop
	 */
	public int passivateIdle() {
		return sum(RegistryMaintenance::passivateIdle);
	}

	/**
	 * Fire every actor timer that is due.
	 * @return the number of ticks queued
	 */
	public int fireDueTimers() {
		return sum(RegistryMaintenance::fireDueTimers);
	}

	/**
	 * Give every live persistent actor that ran messages since its last save a snapshot
	 * turn, which saves its state if it changed.
	 * @return the number of actors given one
	 */
	public int requestSnapshots() {
		return sum(RegistryMaintenance::requestSnapshots);
	}

	/**
	 * Fire the reminder ticks that are due, within each registry's rate limit; returns
	 * once they are claimed from the store and sent.
	 * @return the number of ticks sent
	 */
	public int fireDueReminders() {
		return sum(RegistryMaintenance::fireDueReminders);
	}

	/**
	 * Wait until no registry has a message accepted and not yet finished.
	 * @throws org.awaitility.core.ConditionTimeoutException if that does not happen
	 * within {@link Waits#TIMEOUT}
	 */
	public void awaitQuiet() {
		Waits.eventually()
			.until(() -> this.registries.stream().allMatch((registry) -> registry.pendingMessages() == 0));
	}

	/**
	 * Close the registries built through this kit, then its scheduler.
	 */
	@Override
	public void close() {
		this.built.forEach(ActorRegistry::close);
		if (this.scheduler != null) {
			this.scheduler.close();
		}
	}

	private static IllegalStateException noClock() {
		return new IllegalStateException("This test kit was made without a ManualClock, so it cannot move time. "
				+ "Use new RegistryTestKit() and build the registries with kit.build(builder), or give registries "
				+ "built elsewhere a ManualClock and use RegistryTestKit.of(clock, registries).");
	}

	private int sum(ToIntFunction<RegistryMaintenance> work) {
		int total = 0;
		for (ActorRegistry<?, ?> registry : this.registries) {
			total += work.applyAsInt(RegistryMaintenance.of(registry));
		}
		return total;
	}

	/**
	 * What one run of due work did.
	 *
	 * @param timerTicks the actor timer ticks queued
	 * @param reminderTicks the reminder ticks sent
	 * @param snapshots the actors given a snapshot turn
	 * @param passivated the idle actors asked to stop
	 */
	public record DueWork(int timerTicks, int reminderTicks, int snapshots, int passivated) {

	}

}
