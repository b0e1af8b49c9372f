package dev.actorregistry.spring.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryException;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.StopReason;
import dev.actorregistry.cluster.RetryReason;
import dev.actorregistry.invocation.DeliveryOutcome;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.StaleRevisionException;
import dev.actorregistry.persistence.StateConflictException;

/**
 * Counts and times the events of every registry in Micrometer, each meter tagged with
 * {@code registry}:
 * <ul>
 * <li>{@code actors.activations} (counter, {@code outcome}: {@code success},
 * {@code failure})</li>
 * <li>{@code actors.passivations} (counter, {@code reason}: {@code stopped},
 * {@code idle}, {@code evicted}, {@code failed}, {@code drained})</li>
 * <li>{@code actors.restarts} (counter)</li>
 * <li>{@code actors.messages.processing} (timer, {@code outcome}: {@code success},
 * {@code failure})</li>
 * <li>{@code actors.messages.wait} (timer): time in the mailbox</li>
 * <li>{@code actors.messages.rejected} (counter, {@code reason}: {@code mailbox-full},
 * {@code draining}, {@code closed}, {@code actor-stopped}, {@code start-failed},
 * {@code state-conflict}, {@code key-too-long}, {@code other})</li>
 * <li>{@code actors.reminders} (counter of reminder ticks, {@code outcome}:
 * {@code fired}, {@code missed}, {@code failed}), for registries that keep durable
 * reminders</li>
 * <li>{@code actors.durable.sent} (counter): durable sends saved by the registry's
 * actors, refusals they sent back included</li>
 * <li>{@code actors.durable.delivered} (counter, {@code outcome}: {@code applied},
 * {@code refused}, {@code duplicate}): their receivers' answers</li>
 * <li>{@code actors.durable.redelivered} (counter): sends delivered after more than one
 * attempt</li>
 * <li>{@code actors.durable.deduplicated} (counter): sends their receivers had applied
 * already, answered from the record</li>
 * <li>{@code actors.durable.failed} (counter): failed delivery attempts, each tried again
 * later</li>
 * <li>{@code actors.cluster.calls} (timer, {@code outcome}: {@code success},
 * {@code not-run}, {@code outcome-unknown}, {@code failed}): calls by key carried to the
 * member that owns the key, in cluster mode</li>
 * <li>{@code actors.cluster.retries} (counter, {@code reason}: {@code no-owner},
 * {@code hand-off}, {@code not-run-by-owner}): calls by key not run and tried again</li>
 * <li>{@code actors.cluster.hand.offs} (timer, {@code outcome}: {@code released},
 * {@code taken-over}): partitions that came to this member from a member still up, and
 * how long their calls were held back</li>
 * </ul>
 * Being a {@link RegistryListener} bean, it reaches every registry; it must not depend on
 * the registries themselves, which depend on every listener. Its presence turns on the
 * registries' per-message timing.
 */
public class ActorMetricsListener implements RegistryListener {

	private final MeterRegistry meterRegistry;

	private final ConcurrentMap<String, RegistryMeters> meters = new ConcurrentHashMap<>();

	/**
	 * Create the listener.
	 * @param meterRegistry where the meters live
	 */
	public ActorMetricsListener(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void actorStarted(String registry, Object key, long startNanos) {
		metersOf(registry).activationSuccesses.increment();
	}

	@Override
	public void actorStartFailed(String registry, Object key, Throwable cause) {
		metersOf(registry).activationFailures.increment();
	}

	@Override
	public void actorStopped(String registry, Object key, StopReason reason) {
		Counter passivations = metersOf(registry).passivations(reason);
		if (passivations != null) {
			passivations.increment();
		}
	}

	@Override
	public void actorRestarted(String registry, Object key, Throwable cause) {
		metersOf(registry).restarts.increment();
	}

	@Override
	public void messageProcessed(String registry, Object key, long waitNanos, long processNanos,
			@Nullable Throwable failure) {
		RegistryMeters registryMeters = metersOf(registry);
		registryMeters.waits.record(waitNanos, TimeUnit.NANOSECONDS);
		((failure != null) ? registryMeters.processingFailures : registryMeters.processingSuccesses)
			.record(processNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void messageRejected(String registry, Object key, ActorRegistryException cause) {
		metersOf(registry).rejections(cause).increment();
	}

	@Override
	public void stateLoaded(String registry, Object key, long revision, long loadNanos, @Nullable Throwable failure) {
		RegistryMeters.StateMeters state = metersOf(registry).state();
		((failure != null) ? state.loadsFailed : state.loadsSucceeded).record(loadNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void stateSaved(String registry, Object key, long revision, long saveNanos, @Nullable Throwable failure) {
		RegistryMeters.StateMeters state = metersOf(registry).state();
		Timer saves = (failure == null) ? state.savesSucceeded
				: (failure instanceof StaleRevisionException) ? state.savesConflicted : state.savesFailed;
		saves.record(saveNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void stateConflict(String registry, Object key, StateConflictException conflict) {
		metersOf(registry).state().conflicts.increment();
	}

	@Override
	public void reminderFired(String registry, Object key, String reminder, long ticks) {
		metersOf(registry).reminders().fired.increment(ticks);
	}

	@Override
	public void reminderMissed(String registry, Object key, String reminder, long ticks) {
		metersOf(registry).reminders().missed.increment(ticks);
	}

	@Override
	public void reminderFailed(String registry, Object key, String reminder, Throwable cause) {
		// one delivery failed: the tick it carried is fired again later
		metersOf(registry).reminders().failed.increment();
	}

	@Override
	public void durableSent(String registry, DurableSend send) {
		metersOf(registry).durable().sent.increment();
	}

	@Override
	public void durableDelivered(String registry, DurableSend send, DeliveryOutcome outcome, int attempts) {
		RegistryMeters.DurableMeters durable = metersOf(registry).durable();
		durable.delivered(outcome).increment();
		if (attempts > 1) {
			durable.redelivered.increment();
		}
		if (outcome == DeliveryOutcome.DUPLICATE) {
			durable.deduplicated.increment();
		}
	}

	@Override
	public void durableDeliveryFailed(String registry, DurableSend send, int attempt, Throwable cause) {
		metersOf(registry).durable().failed.increment();
	}

	@Override
	public void callForwarded(String registry, Object key, long nanos, @Nullable Throwable failure) {
		metersOf(registry).cluster().calls(failure).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void callRetried(String registry, Object key, RetryReason reason) {
		metersOf(registry).cluster().retries(reason).increment();
	}

	@Override
	public void handOffEnded(String registry, int partition, long nanos, boolean released) {
		RegistryMeters.ClusterMeters cluster = metersOf(registry).cluster();
		(released ? cluster.handOffsReleased : cluster.handOffsTakenOver).record(nanos, TimeUnit.NANOSECONDS);
	}

	private RegistryMeters metersOf(String registry) {
		// get first: computeIfAbsent may lock a bin even when the value is there
		RegistryMeters found = this.meters.get(registry);
		return (found != null) ? found
				: this.meters.computeIfAbsent(registry, (name) -> RegistryMeters.register(this.meterRegistry, name));
	}

}
