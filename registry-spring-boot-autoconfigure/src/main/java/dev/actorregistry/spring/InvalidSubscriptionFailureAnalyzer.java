package dev.actorregistry.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link Subscribe @Subscribe} method that cannot receive topic messages at
 * start-up: which class and method, what is wrong, and what to do.
 */
class InvalidSubscriptionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSubscriptionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSubscriptionException cause) {
		return new FailureAnalysis("The @Subscribe method " + InvalidSubscriptionException.describe(cause.method())
				+ " cannot receive topic messages: it " + cause.problem() + ".", cause.action() + ".", cause);
	}

}
