package dev.actorregistry.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains an invalid {@code actors.*} property at start-up: which property, its value,
 * and what is allowed.
 */
// Ahead of Spring Boot's analyzer of binding failures, which would find the same cause
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidActorsPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidActorsPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidActorsPropertyException cause) {
		return new FailureAnalysis(
				"The actor registry property '" + cause.property() + "' is invalid: its value is '" + cause.value()
						+ "'.",
				"Update your application's configuration: '" + cause.property() + "' must be " + cause.allowed() + ".",
				cause);
	}

}
