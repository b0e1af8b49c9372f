package dev.actorregistry.sample.account;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/**
 * The body of a transfer: {@code {"from": "alice", "to": "bob", "amount": 25}}, with an
 * optional {@code "id"} the client chooses, to ask again safely.
 *
 * @param id the transfer's id, optional, following the same rule as account ids
 * @param from the account to withdraw from, an id as {@link AccountId} has it
 * @param to the account to deposit to, likewise
 * @param amount a positive whole number in the currency's smallest unit
 */
public record TransferRequest(
		@Pattern(regexp = AccountId.PATTERN,
				message = "id must be a transfer id: " + AccountId.RULE) @Nullable String id,
		@NotNull(message = "from is required") @Pattern(regexp = AccountId.PATTERN,
				message = "from must be an account id: " + AccountId.RULE) @Nullable String from,
		@NotNull(message = "to is required") @Pattern(regexp = AccountId.PATTERN,
				message = "to must be an account id: " + AccountId.RULE) @Nullable String to,
		@NotNull(message = "amount is required") @Positive(
				message = "amount must be a positive whole number") @Nullable Long amount) {

	/**
	 * Whether the two accounts differ; a missing one is reported by its own constraint.
	 * @return false for a transfer from an account to itself
	 */
	@AssertTrue(message = "from and to must be different accounts")
	boolean isDistinctAccounts() {
		return this.from == null || !this.from.equals(this.to);
	}

	String requiredFrom() {
		return required(this.from);
	}

	String requiredTo() {
		return required(this.to);
	}

	long requiredAmount() {
		return required(this.amount);
	}

	private static <T> T required(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("transfer request was not validated");
		}
		return value;
	}

}
