package dev.actorregistry.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains an invalid {@code actors.*} property at start-up: which property, its value,
 * and what is allowed. The library reports such values with Spring Boot's
 * {@link InvalidConfigurationPropertyValueException}; most are found while the properties
 * are bound, where Boot's analyzer of binding failures would win and print the
 * exception's class instead of its reason. The value shown is the exception's, so a
 * secret (an encryption key) is shown as the placeholder it carries, never as the
 * environment holds it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidActorsPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationPropertyValueException> {

	private static final String PREFIX = "actors.";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure,
			InvalidConfigurationPropertyValueException cause) {
		if (!cause.getName().startsWith(PREFIX)) {
			return null;
		}
		return new FailureAnalysis("The actor registry property '" + cause.getName() + "' is invalid: its value is '"
				+ cause.getValue() + "'.", "Update your application's configuration. " + cause.getReason(), cause);
	}

}
