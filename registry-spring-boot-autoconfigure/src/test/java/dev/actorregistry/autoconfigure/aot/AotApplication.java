package dev.actorregistry.autoconfigure.aot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.jpa.ActorsPersistenceAutoConfiguration;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorKey;
import dev.actorregistry.spring.Subscribe;

/**
 * An application with one registry, {@code ledger}, of package-private actors that are
 * persistent (states as JSON in memory), take their key and context in their constructor,
 * and subscribe to a topic; and a bean that injects the registry by its generic type.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ ActorsAutoConfiguration.class, ActorsPersistenceAutoConfiguration.class })
@Import({ AotApplication.Ledger.class, AotApplication.Teller.class })
class AotApplication {

	@Bean
	JsonMapper jsonMapper() {
		return JsonMapper.builder().build();
	}

	@Bean
	InMemoryStateStore stateStore() {
		return new InMemoryStateStore();
	}

	/**
	 * What a ledger keeps.
	 *
	 * @param balance its balance
	 * @param rates the rates it was told of
	 */
	record LedgerState(long balance, List<Rate> rates) {
	}

	/**
	 * A message on the topic {@code rates}.
	 *
	 * @param basisPoints the new rate
	 */
	record Rate(int basisPoints) {
	}

	/**
	 * The ledger's contract, called through a proxy.
	 */
	@ActorInterface
	public interface Balances {

		long balance();

	}

	@Actor
	static class Ledger implements PersistentActor<LedgerState>, Balances {

		final String key;

		final ActorContext<String> context;

		final List<Rate> rates = new CopyOnWriteArrayList<>();

		private long balance;

		Ledger(@ActorKey String key, ActorContext<String> context) {
			this.key = key;
			this.context = context;
		}

		long add(long amount) {
			this.balance += amount;
			return this.balance;
		}

		@Override
		public long balance() {
			return this.balance;
		}

		@Subscribe("rates")
		void onRate(Rate rate) {
			this.rates.add(rate);
		}

		@Override
		public LedgerState snapshot() {
			return new LedgerState(this.balance, List.copyOf(this.rates));
		}

		@Override
		public void restore(LedgerState state) {
			this.balance = state.balance();
			this.rates.addAll(state.rates());
		}

	}

	/**
	 * Injects the registry and the client of its contract by their generic types, as an
	 * application does.
	 */
	static class Teller {

		final ActorRegistry<String, Ledger> ledgers;

		final ActorClient<String, Balances> balances;

		Teller(ActorRegistry<String, Ledger> ledgers, ActorClient<String, Balances> balances) {
			this.ledgers = ledgers;
			this.balances = balances;
		}

	}

}
