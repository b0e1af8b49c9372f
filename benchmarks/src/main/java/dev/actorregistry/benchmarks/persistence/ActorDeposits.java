package dev.actorregistry.benchmarks.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import org.springframework.stereotype.Component;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ChildInfo;
import dev.actorregistry.persistence.SerializedState;
import dev.actorregistry.persistence.StaleRevisionException;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.persistence.StateStore;

/**
 * Deposits through the registry: an ask of the account's actor, which the registry
 * answers only once write-through has committed the actor's new state.
 */
@Component
class ActorDeposits implements DepositVariant {

	private final ActorRegistry<Long, ActorAccount> accounts;

	private final StateStore store;

	private final StateCodec codec;

	ActorDeposits(ActorRegistry<Long, ActorAccount> accounts, StateStore store, StateCodec codec) {
		this.accounts = accounts;
		this.store = store;
		this.codec = codec;
	}

	@Override
	public String name() {
		return "actor, write-through";
	}

	@Override
	public String shortName() {
		return "actor";
	}

	@Override
	public void deposit(long id, long amount) {
		this.accounts.ask(id, (account) -> account.deposit(amount)).join();
	}

	@Override
	public Map<Long, Long> committedBalances(Set<Long> ids) {
		Map<Long, Long> balances = new ConcurrentHashMap<>();
		ids.parallelStream().forEach((id) -> balances.put(id, committedBalance(id)));
		return balances;
	}

	private long committedBalance(long id) {
		return this.store.load(ActorAccount.REGISTRY, storeKey(id))
			.map((stored) -> this.codec.decode(stored.state().data(), AccountBalance.class).balance())
			.orElse(0L);
	}

	/** Stops every active account; their states are committed already. */
	@Override
	public void forgetAccounts() {
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (ChildInfo<Long, ActorAccount> child : this.accounts.whichChildren()) {
			stops.add(this.accounts.stop(child.key()));
		}
		CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
	}

	/**
	 * Give accounts 1 to {@code count} a stored state, as an application that has run for
	 * a while has, so that activating one loads a row rather than finding none. Runs
	 * through the state store's public contract; an account stored already keeps its
	 * state.
	 * @param count the number of accounts
	 */
	void seed(long count) {
		SerializedState empty = new SerializedState(AccountBalance.class.getName(),
				this.codec.encode(new AccountBalance(0)));
		LongStream.rangeClosed(1, count).parallel().forEach((id) -> {
			try {
				this.store.save(ActorAccount.REGISTRY, storeKey(id), empty, 0);
			}
			catch (StaleRevisionException ex) {
				// seeded by an earlier call
			}
		});
	}

	// The registry stores a key as its text (String.valueOf)
	private static String storeKey(long id) {
		return Long.toString(id);
	}

}
