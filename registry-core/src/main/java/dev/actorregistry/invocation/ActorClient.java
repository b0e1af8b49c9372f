package dev.actorregistry.invocation;

import dev.actorregistry.ActorRegistry;

/**
 * The actors of one registry, called through their contract: {@code get(key)} gives a
 * proxy of the contract bound to the key, whose methods send the actor its operations.
 * <pre class="code">
 * ActorClient&lt;String, Account&gt; accounts = registry.client(Account.class);
 * Account alice = accounts.get("alice");
 * alice.deposit(100);   // one message to the actor of "alice", started on demand
 * </pre> A proxy is cheap, holds nothing but its key, and may be kept or made anew for
 * each call. Each call is one message, run in the actor's turn like a lambda given to
 * {@link ActorRegistry#ask} (or, for an operation that returns a stage, to
 * {@link ActorRegistry#askAsync}: one turn until the stage completes); how the call waits
 * depends on the operation's return type (see {@link ActorInterface}). Locally, arguments
 * and results are passed as they are, not copied: make them immutable (records are).
 * Whatever the actor's method throws is thrown to the caller (or fails the returned
 * stage), and the registry's failure policy applies to it as to any message.
 *
 * @param <K> the key type
 * @param <I> the contract
 */
public interface ActorClient<K, I> {

	/**
	 * A proxy of the contract bound to a key.
	 * @param key the actor's key
	 * @return the proxy
	 */
	I get(K key);

	/**
	 * The contract the proxies implement.
	 * @return the contract
	 */
	ActorContract<I> contract();

	/**
	 * The registry whose actors the proxies call.
	 * @return the registry
	 */
	ActorRegistry<K, ?> registry();

	/**
	 * A client of a registry's actors through a contract that the registry's actors
	 * implement.
	 * @param <K> the key type
	 * @param <I> the contract
	 * @param registry the registry
	 * @param contract the contract
	 * @return the client
	 * @throws ActorContractException if the interface is not a contract
	 */
	static <K, I> ActorClient<K, I> of(ActorRegistry<K, ?> registry, Class<I> contract) {
		return new ProxyActorClient<>(registry, ActorContract.of(contract));
	}

}
