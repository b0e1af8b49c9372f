package dev.actorregistry.spring;

import dev.actorregistry.autoconfigure.ActorsProperties;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

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
	 * Create the executor {@code actors.executor} asks for. Without a type of its own, it
	 * follows {@code spring.threads.virtual.enabled}, as Spring Boot's own executors do:
	 * virtual threads when the application runs on them, a fork-join pool otherwise.
	 * @param properties the executor properties
	 * @param virtualThreads whether the application runs on virtual threads
	 * ({@code spring.threads.virtual.enabled} on Java 21 or newer)
	 * @return the actor executor
	 */
	public static ActorExecutor create(ActorsProperties.Executor properties, boolean virtualThreads) {
		ActorsProperties.ExecutorType type = properties.type();
		if (type == null) {
			type = virtualThreads ? ActorsProperties.ExecutorType.VIRTUAL : ActorsProperties.ExecutorType.FORK_JOIN;
		}
		if (type == ActorsProperties.ExecutorType.FORK_JOIN) {
			// the core's own pool, shared by every registry in the JVM: its threads run
			// turns cheaper than another pool's would, and nobody shuts it down
			return of(ActorRegistryBuilder.defaultExecutor());
		}
		ExecutorService pool = (type == ActorsProperties.ExecutorType.VIRTUAL) ? virtualThreads()
				: Executors.newFixedThreadPool(properties.poolSize(), named("actor-bounded-"));
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
	private static ExecutorService virtualThreads() {
		try {
			Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
			return (ExecutorService) factory.invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new InvalidConfigurationPropertyValueException("actors.executor.type", "virtual",
					"It must be fork-join or bounded on this JVM (Java " + Runtime.version().feature()
							+ "); virtual threads need Java 21 or newer.");
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
