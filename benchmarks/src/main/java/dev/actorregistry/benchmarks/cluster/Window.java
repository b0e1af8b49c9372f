package dev.actorregistry.benchmarks.cluster;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * Makes calls with a fixed number in flight: a new one as soon as one is answered, the
 * way a busy caller keeps a connection full.
 */
final class Window {

	private static final long ANSWER_SECONDS = 30;

	private Window() {
	}

	/**
	 * Make calls, at most {@code inFlight} unanswered at any time, and wait for the last.
	 * @param calls how many calls
	 * @param inFlight how many may be unanswered
	 * @param call makes the call of an index
	 * @throws IllegalStateException if a call failed or none was answered for 30 s
	 */
	static void run(int calls, int inFlight, IntFunction<? extends CompletionStage<?>> call)
			throws InterruptedException {
		Semaphore free = new Semaphore(inFlight);
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		for (int i = 0; i < calls; i++) {
			if (!free.tryAcquire(ANSWER_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException("No call answered for " + ANSWER_SECONDS + " s");
			}
			call.apply(i).whenComplete((answer, problem) -> {
				if (problem != null) {
					failure.compareAndSet(null, problem);
				}
				free.release();
			});
		}
		if (!free.tryAcquire(inFlight, ANSWER_SECONDS, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The last calls were not answered within " + ANSWER_SECONDS + " s");
		}
		Throwable problem = failure.get();
		if (problem != null) {
			throw new IllegalStateException("A call failed: " + problem, problem);
		}
	}

}
