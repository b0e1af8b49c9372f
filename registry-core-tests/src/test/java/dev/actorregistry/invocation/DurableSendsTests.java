package dev.actorregistry.invocation;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.AskTimeoutException;
import dev.actorregistry.FailurePolicy;
import dev.actorregistry.RegistryListener;
import dev.actorregistry.persistence.AppliedInvocation;
import dev.actorregistry.persistence.DurableSend;
import dev.actorregistry.persistence.InMemoryStateStore;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.persistence.StateStore;
import dev.actorregistry.test.FlakyStateStore;
import dev.actorregistry.test.SerializingCodec;
import dev.actorregistry.test.SerializingInvocationCodec;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Durable sends between actors: saved with the sender's state or not at all, delivered
 * after the save and again until applied, applied once, refused back to the sender, and
 * left to the next start when the registry stops before delivering them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DurableSendsTests {

	/** The deposit every account refuses. */
	static final long REFUSED_AMOUNT = 666;

	private final FlakyStateStore store = new FlakyStateStore();

	private final LocalInvocationRouter router = new LocalInvocationRouter();

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final Deliveries deliveries = new Deliveries();

	/** The client of each registry by name, for the actors' transfers. */
	private final Map<String, ActorClient<String, Bank>> clients = new ConcurrentHashMap<>();

	@AfterEach
	void close() {
		this.registries.forEach(ActorRegistry::close);
	}

	@Test
	void aSendIsDeliveredAfterTheSendersSaveAndAppliedOnce() {
		ActorRegistry<String, Teller> tellers = tellers("tellers", FailurePolicy.RESUME);
		Bank alice = tellers.client(Bank.class).get("alice");
		Bank bob = tellers.client(Bank.class).get("bob");
		alice.deposit(100);
		assertThat(alice.transfer("bob", 30)).isEqualTo(70);
		eventually().until(bob::balance, (balance) -> balance == 30);
		eventually().until(() -> this.store.outbox("tellers", 10).isEmpty());
		// the receiver's record is dropped once the sender learnt of the delivery
		assertThat(this.store.inbox("tellers", "bob")).isEmpty();
		assertThat(this.deliveries.outcomes).containsExactly(DeliveryOutcome.APPLIED);
		assertThat(alice.balance()).isEqualTo(70);
	}

	@Test
	void aSendWhoseSaveFailedIsNeverDeliveredAndTheCallerSeesTheFailure() {
		ActorRegistry<String, Teller> tellers = tellers("tellers", FailurePolicy.RESUME);
		Bank alice = tellers.client(Bank.class).get("alice");
		alice.deposit(100);
		this.store.refuseSaves((registry, key) -> key.equals("alice"));
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> alice.transfer("bob", 30));
		assertThat(this.store.outbox("tellers", 10)).isEmpty();
		this.store.refuseSaves((registry, key) -> false);
		// the state and its send are saved together by the next save, or not at all
		assertThat(alice.deposit(1)).isEqualTo(71);
		Bank bob = tellers.client(Bank.class).get("bob");
		eventually().until(bob::balance, (balance) -> balance == 30);
		assertThat(this.deliveries.outcomes).containsExactly(DeliveryOutcome.APPLIED);
	}

	@Test
	void aDeliveryWhoseReceiverCannotSaveIsTriedAgainUntilApplied() {
		ActorRegistry<String, Teller> tellers = tellers("tellers", FailurePolicy.RESUME);
		Bank alice = tellers.client(Bank.class).get("alice");
		Bank bob = tellers.client(Bank.class).get("bob");
		alice.deposit(100);
		AtomicInteger refusedSaves = new AtomicInteger();
		this.store.refuseSaves((registry, key) -> key.equals("bob") && refusedSaves.incrementAndGet() <= 3);
		alice.transfer("bob", 30);
		eventually().until(() -> this.store.outbox("tellers", 10).isEmpty());
		assertThat(bob.balance()).isEqualTo(30);
		assertThat(this.deliveries.failedAttempts.get()).isGreaterThanOrEqualTo(3);
		assertThat(this.deliveries.attempts).containsExactly(4);
	}

	@Test
	void aSendDeliveredAgainIsAnsweredFromTheReceiversRecord() throws Exception {
		ActorRegistry<String, Teller> tellers = tellers("tellers", FailurePolicy.RESUME);
		Bank bob = tellers.client(Bank.class).get("bob");
		Operation deposit = ActorContract.of(Bank.class).operation("deposit").orElseThrow();
		Invocation invocation = Invocation.of("tellers", "bob", deposit,
				new SerializingInvocationCodec().encodeArguments(deposit, new Object[] { 25L }));
		DurableSend send = DurableSend.invocation("tellers", "alice", invocation, Instant.now());
		assertThat(this.router.deliver(send).toCompletableFuture().get(1, TimeUnit.MINUTES))
			.isEqualTo(DeliveryOutcome.APPLIED);
		assertThat(this.router.deliver(send).toCompletableFuture().get(1, TimeUnit.MINUTES))
			.isEqualTo(DeliveryOutcome.DUPLICATE);
		assertThat(this.store.inbox("tellers", "bob")).extracting(AppliedInvocation::id).containsExactly(send.id());
		// passivated and loaded again, it still knows the send
		tellers.stop("bob").get(1, TimeUnit.MINUTES);
		assertThat(this.router.deliver(send).toCompletableFuture().get(1, TimeUnit.MINUTES))
			.isEqualTo(DeliveryOutcome.DUPLICATE);
		assertThat(bob.balance()).isEqualTo(25);
	}

	@Test
	void aRefusedSendLeavesTheReceiverAsItWasAndComesBackToTheSenderOnce() {
		ActorRegistry<String, Teller> tellers = tellers("tellers", FailurePolicy.RESUME);
		Bank alice = tellers.client(Bank.class).get("alice");
		Bank bob = tellers.client(Bank.class).get("bob");
		alice.deposit(1_000);
		assertThat(alice.transfer("bob", REFUSED_AMOUNT)).isEqualTo(1_000 - REFUSED_AMOUNT);
		// bob refuses it after changing his balance: the change is undone
		eventually().until(alice::balance, (balance) -> balance == 1_000);
		assertThat(bob.balance()).isZero();
		assertThat(tellers.ask("alice", Teller::refunds).join()).isEqualTo(1);
		eventually().until(() -> this.store.outbox("tellers", 10).isEmpty());
		assertThat(this.deliveries.outcomes).containsExactlyInAnyOrder(DeliveryOutcome.REFUSED,
				DeliveryOutcome.APPLIED);
	}

	@Test
	void aReceiverThatFailsWithTheRegistrysOwnExceptionLeavesNoTraceAndIsDeliveredAgain() {
		ActorRegistry<String, Teller> tellers = tellers("tellers", FailurePolicy.RESUME);
		Bank alice = tellers.client(Bank.class).get("alice");
		Bank bob = tellers.client(Bank.class).get("bob");
		alice.deposit(100);
		alice.sendCreditAfterTimeouts("bob", 40);
		eventually().until(() -> this.store.outbox("tellers", 10).isEmpty());
		// two attempts timed out inside bob, their changes undone; the third applied
		assertThat(bob.balance()).isEqualTo(40);
		assertThat(alice.balance()).isEqualTo(60);
		assertThat(this.deliveries.outcomes).containsExactly(DeliveryOutcome.APPLIED);
		assertThat(this.deliveries.attempts).containsExactly(3);
	}

	@Test
	void aMessageThatThrowsUnderARestartingPolicyTakesItsSendsWithIt() {
		ActorRegistry<String, Teller> tellers = tellers("tellers", FailurePolicy.RESTART);
		Bank alice = tellers.client(Bank.class).get("alice");
		alice.deposit(100);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> alice.transferThenThrow("bob", 30));
		assertThat(alice.balance()).isEqualTo(100);
		// a later message saves: what the thrower sent is not among it
		alice.transfer("carol", 10);
		Bank carol = tellers.client(Bank.class).get("carol");
		eventually().until(carol::balance, (balance) -> balance == 10);
		assertThat(tellers.client(Bank.class).get("bob").balance()).isZero();
		assertThat(this.deliveries.outcomes).containsExactly(DeliveryOutcome.APPLIED);
	}

	@Test
	void sendsLeftWhenTheRegistryStoppedAreDeliveredByTheNextStart() {
		// the receivers' registry is not on the senders' router: the send waits in the
		// outbox
		ActorRegistry<String, Teller> elsewhere = tellers("receivers", FailurePolicy.RESUME,
				new LocalInvocationRouter());
		ActorRegistry<String, Teller> senders = tellers("senders", FailurePolicy.RESUME);
		Bank alice = senders.client(Bank.class).get("alice");
		alice.deposit(100);
		alice.transferVia("receivers", "bob", 30);
		eventually().until(() -> this.deliveries.failedAttempts.get() > 0);
		senders.close();
		elsewhere.close();
		assertThat(this.store.outbox("senders", 10)).hasSize(1);
		ActorRegistry<String, Teller> receivers = tellers("receivers", FailurePolicy.RESUME);
		tellers("senders", FailurePolicy.RESUME);
		Bank bob = receivers.client(Bank.class).get("bob");
		eventually().until(bob::balance, (balance) -> balance == 30);
		eventually().until(() -> this.store.outbox("senders", 10).isEmpty());
	}

	@Test
	void aDurableSendOffTheActorsTurnIsRefused() {
		ActorRegistry<String, Teller> tellers = tellers("tellers", FailurePolicy.RESUME);
		ActorClient<String, Bank> durable = tellers
			.ask("alice", (teller) -> teller.context.durable(tellers.client(Bank.class)))
			.join();
		Bank bob = durable.get("bob");
		assertThatExceptionOfType(DurableSendException.class).isThrownBy(() -> bob.deposit(1))
			.withMessageContaining("Registry 'tellers', actor 'alice'")
			.withMessageContaining("off the actor's turn");
	}

	@Test
	void aRegistryWithoutDurableSendsSaysHowToGetThem() {
		ActorRegistry<String, Teller> plain = builder("plain", new InMemoryStateStore()).build();
		this.registries.add(plain);
		assertThatExceptionOfType(DurableSendException.class)
			.isThrownBy(() -> plain.call("alice", (teller) -> teller.context.durable(plain.client(Bank.class))))
			.withMessageContaining("does not send durably")
			.withMessageContaining("durableSends");
	}

	@Test
	void durableSendsNeedAStoreThatKeepsThemWithWriteThrough() {
		ActorRegistryBuilder<String, Teller> builder = builder("tellers", new InMemoryStateStore())
			.durableSends(new SerializingInvocationCodec(), this.router);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(builder::build)
			.withMessageContaining("Registry 'tellers'")
			.withMessageContaining("not saved after every message");
	}

	@Test
	void concurrentTransfersInACycleWithFailingSavesConserveMoneyAndApplyEachOnce() throws Exception {
		ActorRegistry<String, Teller> tellers = tellers("tellers", FailurePolicy.RESUME);
		ActorClient<String, Bank> bank = tellers.client(Bank.class);
		String[] accounts = { "a", "b", "c", "d" };
		for (String account : accounts) {
			bank.get(account).deposit(1_000);
		}
		this.store.refuseSaves((registry, key) -> ThreadLocalRandom.current().nextInt(10) == 0);
		ExecutorService clients = Executors.newFixedThreadPool(8);
		AtomicInteger acknowledged = new AtomicInteger();
		AtomicInteger refusedAtSource = new AtomicInteger();
		List<Future<?>> runs = new ArrayList<>();
		for (int client = 0; client < 8; client++) {
			int first = client;
			runs.add(clients.submit(() -> {
				for (int i = 0; i < 250; i++) {
					String from = accounts[(first + i) % accounts.length];
					String to = accounts[(first + i + 1 + (i % 2) * 2) % accounts.length];
					try {
						bank.get(from).transfer(to, 1 + (i % 7));
						acknowledged.incrementAndGet();
					}
					catch (RuntimeException ex) {
						// the save failed or the balance was short: nothing was sent
						refusedAtSource.incrementAndGet();
					}
				}
			}));
		}
		for (Future<?> run : runs) {
			run.get(2, TimeUnit.MINUTES);
		}
		clients.shutdown();
		this.store.refuseSaves((registry, key) -> false);
		// unsaved changes of accounts whose last save failed: saved by one more message
		for (String account : accounts) {
			bank.get(account).deposit(0);
		}
		eventually().atMost(TIMEOUT).until(() -> this.store.outbox("tellers", 10_000).isEmpty());
		long total = 0;
		for (String account : accounts) {
			total += bank.get(account).balance();
		}
		assertThat(total).isEqualTo(4_000);
		assertThat(acknowledged.get()).isPositive();
		// every send saved was delivered once: one final outcome per id
		assertThat(this.deliveries.delivered.values()).allMatch((count) -> count == 1);
		assertThat(this.deliveries.delivered).hasSize(this.deliveries.sent.size());
		assertThat(this.deliveries.sent).hasSizeGreaterThanOrEqualTo(acknowledged.get());
	}

	private ActorRegistry<String, Teller> tellers(String name, FailurePolicy policy) {
		return tellers(name, policy, this.router);
	}

	private ActorRegistry<String, Teller> tellers(String name, FailurePolicy policy, InvocationRouter router) {
		ActorRegistry<String, Teller> registry = builder(name, this.store).writeThrough(true)
			.failurePolicy(policy)
			.listener(this.deliveries)
			.durableSends(new SerializingInvocationCodec(), router)
			.askTimeout(Duration.ofMinutes(1))
			.build();
		this.registries.add(registry);
		this.clients.put(name, registry.client(Bank.class));
		return registry;
	}

	private ActorRegistryBuilder<String, Teller> builder(String name, StateStore store) {
		return ActorRegistry
			.<String, Teller>builder(name, String.class, (key, context) -> new Teller(context, name, this.clients))
			.stateStore(store, new SerializingCodec());
	}

	@ActorInterface
	public interface Bank {

		long deposit(long amount);

		long balance();

		long transfer(String to, long amount);

		long transferVia(String registry, String to, long amount);

		long transferThenThrow(String to, long amount);

		long creditAfterTimeouts(long amount);

		long sendCreditAfterTimeouts(String to, long amount);

	}

	record TellerState(long balance, int refunds) implements Serializable {
	}

	/** An account whose transfers send their deposit durably, and refund refusals. */
	static final class Teller implements Bank, PersistentActor<TellerState>, RefusalHandler {

		final ActorContext<String> context;

		private final String registry;

		private final Map<String, ActorClient<String, Bank>> clients;

		private long balance;

		private int refunds;

		/** Not part of the state: how often {@link #creditAfterTimeouts} ran. */
		private int timeouts;

		Teller(ActorContext<String> context, String registry, Map<String, ActorClient<String, Bank>> clients) {
			this.context = context;
			this.registry = registry;
			this.clients = clients;
		}

		@Override
		public long deposit(long amount) {
			this.balance += amount;
			if (amount == REFUSED_AMOUNT) {
				// refused after a change: the change must not stay
				throw new IllegalArgumentException("this amount is refused");
			}
			return this.balance;
		}

		@Override
		public long balance() {
			return this.balance;
		}

		@Override
		public long transfer(String to, long amount) {
			return transferVia(this.registry, to, amount);
		}

		@Override
		public long transferVia(String registry, String to, long amount) {
			if (amount > this.balance) {
				throw new IllegalStateException("insufficient funds");
			}
			this.balance -= amount;
			ActorClient<String, Bank> receivers = Objects.requireNonNull(this.clients.get(registry));
			this.context.durable(receivers).get(to).deposit(amount);
			return this.balance;
		}

		@Override
		public long transferThenThrow(String to, long amount) {
			transfer(to, amount);
			throw new IllegalStateException("failed after sending");
		}

		@Override
		public long creditAfterTimeouts(long amount) {
			this.balance += amount;
			if (++this.timeouts <= 2) {
				// a call this operation made timed out: the registry's failure, not a
				// refusal
				throw new AskTimeoutException("ledger", "entry", Duration.ofSeconds(1));
			}
			return this.balance;
		}

		@Override
		public long sendCreditAfterTimeouts(String to, long amount) {
			this.balance -= amount;
			this.context.durable(this.context.registry().client(Bank.class)).get(to).creditAfterTimeouts(amount);
			return this.balance;
		}

		int refunds() {
			return this.refunds;
		}

		@Override
		public void refused(Refusal refusal) {
			if (refusal.isOf("deposit")) {
				this.balance += refusal.argument(0, long.class);
				this.refunds++;
			}
		}

		@Override
		public TellerState snapshot() {
			return new TellerState(this.balance, this.refunds);
		}

		@Override
		public void restore(TellerState state) {
			this.balance = state.balance();
			this.refunds = state.refunds();
		}

	}

	/** Counts what the registries report of their durable sends. */
	static final class Deliveries implements RegistryListener {

		final List<DeliveryOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();

		final ConcurrentHashMap<String, Integer> delivered = new ConcurrentHashMap<>();

		final ConcurrentHashMap<String, Boolean> sent = new ConcurrentHashMap<>();

		final AtomicInteger failedAttempts = new AtomicInteger();

		@Override
		public void durableSent(String registry, DurableSend send) {
			this.sent.put(send.id(), true);
		}

		@Override
		public void durableDelivered(String registry, DurableSend send, DeliveryOutcome outcome, int attempts) {
			this.outcomes.add(outcome);
			this.attempts.add(attempts);
			this.delivered.merge(send.id(), 1, Integer::sum);
		}

		@Override
		public void durableDeliveryFailed(String registry, DurableSend send, int attempt, Throwable cause) {
			this.failedAttempts.incrementAndGet();
		}

	}

}
