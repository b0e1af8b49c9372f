package dev.actorregistry.spring;

import java.util.List;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The runtime hints of the library itself, whatever the application's actors: what it
 * reaches by reflection. The hints of each actor are {@link ActorTypeHints}.
 * <ul>
 * <li>{@link ActorCreation#currentKey()}, which the SpEL expression behind
 * {@link ActorKey @ActorKey} calls;</li>
 * <li>{@code Executors.newVirtualThreadPerTaskExecutor()}, looked up for
 * {@code actors.executor.type=virtual} since the library is built for Java 17.</li>
 * </ul>
 */
class ActorsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(ActorCreation.class,
					(type) -> type.withMethod("currentKey", List.of(), ExecutableMode.INVOKE));
		hints.reflection()
			.registerType(Executors.class,
					(type) -> type.withMethod("newVirtualThreadPerTaskExecutor", List.of(), ExecutableMode.INVOKE));
	}

}
