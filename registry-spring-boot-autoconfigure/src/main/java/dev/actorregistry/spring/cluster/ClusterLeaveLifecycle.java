package dev.actorregistry.spring.cluster;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import dev.actorregistry.cluster.ActorCluster;

/**
 * Hands this instance's keys to the other members of the cluster as the application stops
 * ({@link ActorCluster#leave}), in the phase just above the registries' drain: by then
 * readiness is out of service and the web server's graceful shutdown let the requests in
 * flight finish; the member still serves the calls for the keys it owns while they move,
 * and the drain afterwards finds only what is this instance's alone (registries that
 * opted out of the cluster, work without a key).
 * <p>
 * Public so that the auto-configuration, in another package, can create it.
 */
public class ClusterLeaveLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ClusterLeaveLifecycle.class);

	private final ActorCluster cluster;

	private final int phase;

	private volatile boolean running;

	/**
	 * Create the lifecycle.
	 * @param cluster the cluster to leave
	 * @param drainPhase the phase of the registries' drain: the leave comes just before
	 */
	public ClusterLeaveLifecycle(ActorCluster cluster, int drainPhase) {
		this.cluster = cluster;
		this.phase = (drainPhase == Integer.MAX_VALUE) ? drainPhase : drainPhase + 1;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Not pauseable: once left, this instance does not join again, so pausing a context
	 * (as the test framework does with cached contexts) must not leave the cluster.
	 * @return false
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public void stop() {
		long started = System.nanoTime();
		try {
			this.cluster.leave();
			logger.info("Left the actor cluster in " + (System.nanoTime() - started) / 1_000_000
					+ " ms: this instance's keys moved to the other members");
		}
		catch (RuntimeException ex) {
			// the drain that follows still saves what is live here
			logger.error("Leaving the actor cluster failed; its keys move when this member's engine stops", ex);
		}
		finally {
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
