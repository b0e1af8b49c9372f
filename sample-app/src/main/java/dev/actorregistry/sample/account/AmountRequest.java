package dev.actorregistry.sample.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/**
 * The body of a deposit or a withdrawal: {@code {"amount": 100}}.
 *
 * @param amount a positive whole number in the currency's smallest unit
 */
public record AmountRequest(@NotNull(message = "amount is required") @Positive(
		message = "amount must be a positive whole number") @Nullable Long amount) {

	long requiredAmount() {
		if (this.amount == null) {
			throw new IllegalStateException("amount was not validated");
		}
		return this.amount;
	}

}
