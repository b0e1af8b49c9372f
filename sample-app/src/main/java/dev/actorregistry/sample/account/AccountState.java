package dev.actorregistry.sample.account;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an account keeps in the database: a small immutable value, stored as JSON.
 *
 * @param open whether the account was opened
 * @param balance its balance, in the smallest unit of its currency
 * @param interestTicksPaid the sequence number of the next interest tick to pay; 0 in
 * states saved before interest was paid
 * @param recentTransfers the latest transfers the account made, oldest first, at most
 * {@link Account#RECENT_TRANSFERS}; null in states saved before transfers were kept
 */
public record AccountState(boolean open, long balance, long interestTicksPaid,
		@Nullable List<TransferRecord> recentTransfers) {
}
