package dev.actorregistry.spring;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.actorregistry.ActorRegistryBuilder;

/**
 * The executor actors' turns run on, and its owner: pools created here are shut down when
 * the application context closes, after the registries drained.
 * <p>
 * Deliberately not an {@link Executor} bean itself, so it never makes Spring Boot's own
 * task executor back off.
 */
public final class ActorExecutor implements AutoCloseable {

	private final Executor executor;

	private final @Nullable ExecutorService owned;

	private ActorExecutor(Executor executor, @Nullable ExecutorService owned) {
		this.executor = executor;
		this.owned = owned;
	}

	/**
	 * Wrap an executor the application manages; it is never shut down here.
	 * @param executor the executor
	 * @return the actor executor
	 */
	public static ActorExecutor of(Executor executor) {
		return new ActorExecutor(executor, null);
	}

	/**
	 * The core's own fork-join pool, shared by every registry in the JVM: its threads run
	 * turns cheaper than another pool's would, and nobody shuts it down. For actors that
	 * compute and never block.
	 * @return the actor executor
	 */
	public static ActorExecutor forkJoin() {
		return of(ActorRegistryBuilder.defaultExecutor());
	}

	/**
	 * A virtual thread per turn, shut down with the application context: for actors that
	 * block on I/O such as JDBC.
	 * @return the actor executor
	 * @throws UnsupportedOperationException if this JVM has no virtual threads (Java 20
	 * or older)
	 */
	public static ActorExecutor virtualThreads() {
		return owning(newVirtualThreadPerTaskExecutor());
	}

	/**
	 * A fixed pool of daemon platform threads, shut down with the application context:
	 * for blocking actors on JVMs without virtual threads.
	 * @param threads the number of threads
	 * @return the actor executor
	 */
	public static ActorExecutor bounded(int threads) {
		return owning(Executors.newFixedThreadPool(threads, named("actor-bounded-")));
	}

	private static ActorExecutor owning(ExecutorService pool) {
		return new ActorExecutor(pool, pool);
	}

	/**
	 * The executor to give the registries.
	 * @return the executor
	 */
	public Executor executor() {
		return this.executor;
	}

	@Override
	public void close() {
		if (this.owned != null) {
			this.owned.shutdown();
		}
	}

	// Looked up at run time: the library is built for Java 17, virtual threads arrived in
	// 21.
	private static ExecutorService newVirtualThreadPerTaskExecutor() {
		try {
			Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
			return (ExecutorService) factory.invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new UnsupportedOperationException(
					"Virtual threads need Java 21 or newer; this JVM is Java " + Runtime.version().feature() + ".", ex);
		}
	}

	private static ThreadFactory named(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
