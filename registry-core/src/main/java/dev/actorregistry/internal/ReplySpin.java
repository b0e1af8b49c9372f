package dev.actorregistry.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The short spin a caller blocking on a reply may make before it parks, and who may make
 * it.
 * <p>
 * A reply to a short message usually comes sooner than a parked thread can be woken, so a
 * lone caller spinning on a spare core saves two context switches. But a spin only pays
 * while a core is free for the actor that answers. When more callers block on replies
 * than there are spare cores (a web server, a request thread per connection, each waiting
 * on an actor), the actors are the bottleneck, every spinner burns the CPU they need, and
 * the spin becomes the hottest frame of the process. So a caller spins only if, counting
 * itself, no more callers wait than there are cores but one; none spins on a single core.
 * A virtual thread never spins: it would hold its carrier, which the answering actor,
 * itself on a virtual thread, may be waiting for; and parking it is cheap, it only
 * unmounts.
 */
final class ReplySpin {

	private static final long SPIN_NANOS = 20_000;

	/** Callers that may wait at once with each of them spinning. */
	static final int SPARE_CORES = Runtime.getRuntime().availableProcessors() - 1;

	/** {@code Thread.isVirtual()} on Java 21 or newer; null before, when no thread is. */
	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private static final AtomicInteger waiting = new AtomicInteger();

	private ReplySpin() {
	}

	/**
	 * Count the current thread among the callers blocked on a reply; each call is paired
	 * with a {@link #stopWaiting()}.
	 * @return whether it may spin before it parks
	 */
	static boolean startWaiting() {
		int callers = waiting.incrementAndGet();
		return callers <= SPARE_CORES && !isVirtual(Thread.currentThread());
	}

	/** The current thread no longer waits. */
	static void stopWaiting() {
		waiting.decrementAndGet();
	}

	/**
	 * Spin until the reply came or the spin's time is up.
	 * @param done whether the reply came
	 */
	static void spinUntil(BooleanSupplier done) {
		long start = System.nanoTime();
		while (!done.getAsBoolean() && System.nanoTime() - start < SPIN_NANOS) {
			Thread.onSpinWait();
		}
	}

	private static boolean isVirtual(Thread thread) {
		MethodHandle isVirtual = IS_VIRTUAL;
		if (isVirtual == null) {
			return false;
		}
		try {
			return (boolean) isVirtual.invokeExact(thread);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Thread.isVirtual() failed", ex);
		}
	}

	private static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			return null; // Java 17 to 20: no virtual threads
		}
	}

}
