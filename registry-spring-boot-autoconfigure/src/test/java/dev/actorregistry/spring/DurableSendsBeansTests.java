package dev.actorregistry.spring;

import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.ActorContext;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.jpa.ActorsPersistenceAutoConfiguration;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.invocation.DeliveryOutcome;
import dev.actorregistry.invocation.DurableReceiver;
import dev.actorregistry.invocation.DurableSendException;
import dev.actorregistry.invocation.InvocationRouter;
import dev.actorregistry.invocation.LocalInvocationRouter;
import dev.actorregistry.invocation.Refusal;
import dev.actorregistry.invocation.RefusalHandler;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Registries whose actors persist with write-through in a store that keeps durable sends
 * send and receive durably through the one router bean, with the JSON invocation codec; a
 * registry that does not gets no durable sends and says why.
 */
class DurableSendsBeansTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
				ActorsPersistenceAutoConfiguration.class, ActorsAutoConfiguration.class))
		.withUserConfiguration(InMemoryStore.class, PayerActor.class, WalletActor.class)
		.withPropertyValues("actors.persistence.write-through=true");

	@Test
	void aDurableSendReachesAnActorWhoseKeyIsReadBackWithTheApplicationsConversions() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(InvocationRouter.class);
			assertThat(context.getBean(InvocationRouter.class)).isInstanceOf(LocalInvocationRouter.class);
			ActorClient<String, Payers> payers = payers(context);
			Wallets wallets = wallets(context).get(new WalletId("alice"));
			assertThat(payers.get("acme").pay(new WalletId("alice"), 30)).isEqualTo(970);
			// WalletId has neither valueOf nor fromString: only Spring's conversions (its
			// constructor) read "alice" back into the key the payer sent to
			await().atMost(Waits.TIMEOUT).until(() -> wallets.credits() == 30);
			InMemoryStateStore store = context.getBean(InMemoryStateStore.class);
			await().atMost(Waits.TIMEOUT).until(() -> store.outbox("payer", "acme").isEmpty());
		});
	}

	@Test
	void aRefusedSendComesBackToTheSendersRefusalHandler() {
		this.runner.run((context) -> {
			ActorClient<String, Payers> payers = payers(context);
			assertThat(payers.get("acme").pay(new WalletId("bob"), 500)).isEqualTo(500);
			// the wallet refuses more than 100 at once: the payer refunds
			await().atMost(Waits.TIMEOUT).until(() -> payers.get("acme").balance() == 1000);
			assertThat(wallets(context).get(new WalletId("bob")).credits()).isZero();
			assertThat(payers.get("acme").refusals()).isEqualTo(1);
		});
	}

	@Test
	void aRegistryWithoutWriteThroughSendsNothingDurablyAndSaysWhy() {
		this.runner.withPropertyValues("actors.registries.payer.persistence.write-through=false").run((context) -> {
			assertThat(context).hasNotFailed();
			Payers payer = payers(context).get("acme");
			assertThatExceptionOfType(DurableSendException.class).isThrownBy(() -> payer.pay(new WalletId("alice"), 30))
				.withMessageContaining("payer")
				.withMessageContaining("acme")
				.withMessageContaining("does not send durably");
			assertThat(context.getBean(InMemoryStateStore.class).outbox("payer", "acme")).isEmpty();
		});
	}

	@Test
	void anApplicationsOwnRouterReplacesTheLocalOne() {
		this.runner.withUserConfiguration(OwnRouter.class).run((context) -> {
			assertThat(context).hasSingleBean(InvocationRouter.class);
			CountingRouter router = context.getBean(CountingRouter.class);
			payers(context).get("acme").pay(new WalletId("carol"), 10);
			await().atMost(Waits.TIMEOUT).until(() -> wallets(context).get(new WalletId("carol")).credits() == 10);
			assertThat(router.deliveries).isPositive();
		});
	}

	@SuppressWarnings("unchecked")
	private static ActorClient<String, Payers> payers(ApplicationContext context) {
		return context.getBean("payerPayersClient", ActorClient.class);
	}

	@SuppressWarnings("unchecked")
	private static ActorClient<WalletId, Wallets> wallets(ApplicationContext context) {
		return context.getBean("walletWalletsClient", ActorClient.class);
	}

	/** A key whose text is its value, read back by its constructor only. */
	public record WalletId(String value) {

		@Override
		public String toString() {
			return this.value;
		}

	}

	@ActorInterface
	public interface Wallets {

		void credit(long amount);

		long credits();

	}

	@ActorInterface
	public interface Payers {

		long pay(WalletId to, long amount);

		long balance();

		int refusals();

	}

	public record PayerState(long balance, int refusals) {

	}

	@Actor(name = "wallet", keyType = WalletId.class)
	static class WalletActor implements Wallets, PersistentActor<Long> {

		private long credits;

		@Override
		public void credit(long amount) {
			if (amount > 100) {
				throw new IllegalArgumentException("at most 100 at once");
			}
			this.credits += amount;
		}

		@Override
		public long credits() {
			return this.credits;
		}

		@Override
		public Long snapshot() {
			return this.credits;
		}

		@Override
		public void restore(Long state) {
			this.credits = state;
		}

	}

	@Actor(name = "payer")
	static class PayerActor implements Payers, PersistentActor<PayerState>, RefusalHandler {

		private final ActorContext<String> context;

		private final ActorClient<WalletId, Wallets> wallets;

		private long balance = 1000;

		private int refusals;

		PayerActor(ActorContext<String> context, ActorClient<WalletId, Wallets> wallets) {
			this.context = context;
			this.wallets = wallets;
		}

		@Override
		public long pay(WalletId to, long amount) {
			this.balance -= amount;
			this.context.durable(this.wallets).get(to).credit(amount);
			return this.balance;
		}

		@Override
		public long balance() {
			return this.balance;
		}

		@Override
		public int refusals() {
			return this.refusals;
		}

		@Override
		public void refused(Refusal refusal) {
			this.refusals++;
			this.balance += refusal.argument(0, long.class);
		}

		@Override
		public PayerState snapshot() {
			return new PayerState(this.balance, this.refusals);
		}

		@Override
		public void restore(PayerState state) {
			this.balance = state.balance();
			this.refusals = state.refusals();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InMemoryStore {

		@Bean
		InMemoryStateStore stateStore() {
			return new InMemoryStateStore();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRouter {

		@Bean
		CountingRouter countingRouter() {
			return new CountingRouter();
		}

	}

	/** A router of the application's own: the local one, counting its deliveries. */
	static class CountingRouter implements InvocationRouter {

		private final LocalInvocationRouter local = new LocalInvocationRouter();

		volatile int deliveries;

		@Override
		public void register(String registry, DurableReceiver receiver) {
			this.local.register(registry, receiver);
		}

		@Override
		public void unregister(String registry, DurableReceiver receiver) {
			this.local.unregister(registry, receiver);
		}

		@Override
		public CompletionStage<DeliveryOutcome> deliver(DurableSend send) {
			this.deliveries++;
			return this.local.deliver(send);
		}

		@Override
		public void delivered(DurableSend send) {
			this.local.delivered(send);
		}

	}

}
