package dev.actorregistry.sample.account;

/**
 * A transfer an account made, kept with its state so that the same transfer asked for
 * again (a client retrying after a lost answer) moves no money a second time.
 *
 * @param id the transfer's id
 * @param to the account credited
 * @param amount the amount moved
 */
public record TransferRecord(String id, String to, long amount) {

	boolean isSameTransfer(String to, long amount) {
		return this.to.equals(to) && this.amount == amount;
	}

}
