package dev.actorregistry.autoconfigure.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorLifecycle;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.StopReason;
import dev.actorregistry.TimerSchedule;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.StateConflictException;
import dev.actorregistry.spring.Actor;

/**
 * One instance of a clustered application whose actors are ledgers: each applies calls
 * that carry a unique id and keeps, in its persisted state, how many times it applied
 * each id, so that a test can tell exactly which acknowledged calls were lost and which
 * were applied twice. A ledger also changes on its own: a timer counts ticks in its state
 * every {@link #TICK}, each tick saved like a call, as an actor that keeps running where
 * no call reaches it any more (on an instance whose member was terminated) would. Every
 * instance in the JVM reports where each ledger is live ({@link LiveLedgers}) and which
 * of its saves the store refused ({@link #STALE_WRITES}).
 * <p>
 * Imported, not scanned, so that it picks up no other test's actors.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@TestComponent
@Import(LedgerTestApplication.LedgerActor.class)
public class LedgerTestApplication {

	/** How often a ledger's timer ticks. */
	static final Duration TICK = Duration.ofMillis(500);

	/** Per instance ({@code test.member}), the saves its store refused as stale. */
	static final Map<String, AtomicLong> STALE_WRITES = new ConcurrentHashMap<>();

	/**
	 * Per instance, the saves that succeeded, to see whether an instance still writes.
	 */
	static final Map<String, AtomicLong> SAVES = new ConcurrentHashMap<>();

	/** Per member, how many of its actors stopped because their keys left it. */
	static final Map<String, AtomicLong> MIGRATED = new ConcurrentHashMap<>();

	@Bean
	RegistryListener ledgerSaves(@Value("${test.member}") String member) {
		return new RegistryListener() {

			@Override
			public void stateSaved(String registry, Object key, long revision, long nanos,
					@Nullable Throwable failure) {
				SAVES.computeIfAbsent(member, (name) -> new AtomicLong()).incrementAndGet();
			}

			@Override
			public void stateConflict(String registry, Object key, StateConflictException conflict) {
				STALE_WRITES.computeIfAbsent(member, (name) -> new AtomicLong()).incrementAndGet();
			}

		};
	}

	/** What a ledger takes, called by key from any instance. */
	@ActorInterface
	public interface Ledger {

		/**
		 * Apply a call once more.
		 * @param callId the call's unique id
		 * @return how many times this ledger has applied that id, this time included
		 */
		int apply(long callId);

	}

	/**
	 * A ledger's persisted state.
	 *
	 * @param applied per call id, how many times it was applied
	 * @param ticks how many times its timer ticked, over all its activations
	 */
	public record LedgerState(Map<Long, Integer> applied, long ticks) {
	}

	@Actor(name = "ledger")
	static class LedgerActor implements Ledger, PersistentActor<LedgerState>, ActorLifecycle {

		private final ActorContext<String> context;

		private final String member;

		private Map<Long, Integer> applied = new TreeMap<>();

		private long ticks;

		LedgerActor(ActorContext<String> context, @Value("${test.member}") String member) {
			this.context = context;
			this.member = member;
		}

		@Override
		public void onStart() {
			LiveLedgers.started(this.context.key(), this.member);
			this.context.timers().start("tick", TimerSchedule.withFixedDelay(TICK, TICK), () -> this.ticks++);
		}

		@Override
		public void onStop(StopReason reason) {
			LiveLedgers.stopped(this.context.key(), this.member);
			if (reason == StopReason.MIGRATED) {
				MIGRATED.computeIfAbsent(this.member, (name) -> new AtomicLong()).incrementAndGet();
			}
		}

		@Override
		public int apply(long callId) {
			return this.applied.merge(callId, 1, Integer::sum);
		}

		@Override
		public LedgerState snapshot() {
			return new LedgerState(new TreeMap<>(this.applied), this.ticks);
		}

		@Override
		public void restore(LedgerState state) {
			this.applied = new TreeMap<>(state.applied());
			this.ticks = state.ticks();
		}

	}

	/**
	 * Where each ledger is live, across the instances of this JVM: a start (after its
	 * state loaded) while the key is still live on another running instance is an
	 * overlap, the very thing the hand-off barrier must prevent. An instance whose member
	 * was terminated under it (a zombie) is counted apart.
	 */
	static final class LiveLedgers {

		private static final Map<String, Set<String>> live = new ConcurrentHashMap<>();

		private static final Set<String> zombies = ConcurrentHashMap.newKeySet();

		private static final AtomicLong overlaps = new AtomicLong();

		private static final AtomicLong overZombie = new AtomicLong();

		private LiveLedgers() {
		}

		static void started(String key, String member) {
			Set<String> members = live.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet());
			synchronized (members) {
				for (String other : members) {
					if (!other.equals(member)) {
						(zombies.contains(other) ? overZombie : overlaps).incrementAndGet();
					}
				}
				members.add(member);
			}
		}

		static void stopped(String key, String member) {
			Set<String> members = live.get(key);
			if (members != null) {
				synchronized (members) {
					members.remove(member);
				}
			}
		}

		/**
		 * An instance whose member is about to be terminated: it may keep actors live.
		 */
		static void zombie(String member) {
			zombies.add(member);
		}

		/** Starts while the key was live on another running instance, so far. */
		static long overlaps() {
			return overlaps.get();
		}

		/** Starts while the key was still live on a zombie, so far. */
		static long overZombie() {
			return overZombie.get();
		}

	}

}
