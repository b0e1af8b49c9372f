package dev.actorregistry.autoconfigure.context;

import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.actorregistry.ContextPropagator;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.spring.context.ContextSnapshotPropagator;

/**
 * Carries each sender's context (MDC, the current observation and trace, the security
 * context: whatever is registered with Micrometer's context propagation) with its
 * messages to every registry's turns. On whenever
 * {@code io.micrometer:context-propagation} is on the classpath;
 * {@code actors.context-propagation.enabled=false} switches it off, and a
 * {@link ContextPropagator} bean of the application's own replaces it.
 * <p>
 * A property of its own rather than {@code spring.task.execution.propagate-context}: that
 * one is off by default and decorates Spring's task executor, which captures once per
 * task; actors run many senders' messages in one task, so only a context per message is
 * right, and a log line without its trace id is never what anyone wants.
 */
@AutoConfiguration(before = ActorsAutoConfiguration.class)
@ConditionalOnClass(ContextSnapshotFactory.class)
@ConditionalOnBooleanProperty(name = "actors.context-propagation.enabled", matchIfMissing = true)
public final class ActorsContextPropagationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ContextPropagator actorContextPropagator() {
		return ContextSnapshotPropagator.global();
	}

}
