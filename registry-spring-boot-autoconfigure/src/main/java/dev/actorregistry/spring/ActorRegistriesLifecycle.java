package dev.actorregistry.spring;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.DrainReport;
import dev.actorregistry.RegistryStatus;

/**
 * Drains every registry when the application stops, all at once, and logs each drain
 * report. Runs in the phase it is given ({@code actors.shutdown.phase} in an
 * auto-configured application): after the web server's graceful shutdown let requests in
 * flight finish, before executors and the DataSource stop.
 * <p>
 * Public so that the auto-configuration, in another package, can create it.
 */
public class ActorRegistriesLifecycle implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ActorRegistriesLifecycle.class);

	private final ActorRegistries registries;

	private final Duration drainTimeout;

	private final int phase;

	private volatile boolean running;

	/**
	 * Create the lifecycle.
	 * @param registries the registries to drain
	 * @param drainTimeout how long queued messages may run on shutdown before they are
	 * abandoned
	 * @param phase the {@link SmartLifecycle} phase of the drain
	 */
	public ActorRegistriesLifecycle(ActorRegistries registries, Duration drainTimeout, int phase) {
		this.registries = registries;
		this.drainTimeout = drainTimeout;
		this.phase = phase;
	}

	/**
	 * Mark the registries running. A drained registry cannot run again, so starting after
	 * an explicit stop of the whole context fails rather than pretend.
	 * @throws IllegalStateException if a registry was drained by an earlier stop
	 */
	@Override
	public void start() {
		this.registries.all().forEach((name, registry) -> {
			if (registry.status() != RegistryStatus.RUNNING) {
				throw new IllegalStateException("Actor registry '" + name + "' was drained when the context stopped "
						+ "and cannot start again; close this application context and create a new one.");
			}
		});
		this.running = true;
	}

	/**
	 * Not pauseable: a drain is final, so pausing a context (as the test framework does
	 * with cached contexts) must not drain its registries. They drain only on close and
	 * on an explicit stop.
	 * @return false
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

	/**
	 * Drain every registry in parallel, each on its own thread, so the whole shutdown
	 * takes as long as the slowest registry rather than the sum of them.
	 */
	@Override
	public void stop() {
		List<CompletableFuture<DrainReport>> drains = this.registries.registries()
			.stream()
			.map(this::drainInBackground)
			.toList();
		try {
			drains.forEach(ActorRegistriesLifecycle::log);
		}
		finally {
			this.running = false;
		}
	}

	private CompletableFuture<DrainReport> drainInBackground(ActorRegistry<?, ?> registry) {
		CompletableFuture<DrainReport> report = new CompletableFuture<>();
		Thread drainer = new Thread(() -> {
			try {
				report.complete(registry.drain(this.drainTimeout));
			}
			catch (RuntimeException | Error ex) {
				report.completeExceptionally(ex);
			}
		}, "actor-drain-" + registry.name());
		drainer.start();
		return report;
	}

	private static void log(CompletableFuture<DrainReport> drain) {
		try {
			log(drain.join());
		}
		catch (RuntimeException ex) {
			// one registry's failure must not hide the other registries' reports
			logger.error("Draining an actor registry failed", ex);
		}
	}

	private static void log(DrainReport report) {
		String message = "Drained actor registry '" + report.registry() + "' in " + report.elapsed().toMillis()
				+ " ms: " + report.actorsStopped() + " actors stopped, " + report.actorsNotStopped() + " not stopped, "
				+ report.messagesProcessed() + " messages processed, " + report.messagesRejected() + " rejected, "
				+ report.messagesAbandoned() + " abandoned"
				+ ((report.statesNotSaved() > 0) ? ", " + report.statesNotSaved() + " states not saved" : "");
		if (report.isComplete()) {
			logger.info(message);
		}
		else {
			logger.warn(message);
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
