package dev.actorregistry.test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A scheduler for registries whose sweeps a test runs itself, by calling
 * {@link RegistryTestKit#passivateIdle()} after advancing a {@link ManualClock}. Its one
 * thread is held until the test releases it, so a periodic sweep never races the test's
 * own: a sweep due a minute of real time later is no guarantee, as a busy machine can
 * take that long over one test.
 */
public final class HeldScheduler implements AutoCloseable {

	private final CountDownLatch release = new CountDownLatch(1);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "held-scheduler");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * A scheduler whose thread is held until {@link #release()} or {@link #close()}.
	 */
	public HeldScheduler() {
		this.scheduler.execute(() -> {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	/**
	 * The scheduler to give the registries: it accepts tasks, and runs them only once
	 * released.
	 * @return the scheduler
	 */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/**
	 * Let the scheduled tasks run from now on, for a test of the periodic sweep itself.
	 */
	public void release() {
		this.release.countDown();
	}

	@Override
	public void close() {
		this.release.countDown();
		this.scheduler.shutdownNow();
	}

}
