package dev.actorregistry.invocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.AskTimeoutException;
import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Actors called through their contract: what each kind of operation does, what a caller
 * sees of an actor's failure, and that proxy calls are messages like any other, one at a
 * time per key.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ActorClientTests {

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final List<ExecutorService> executors = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		this.release.countDown();
		this.registries.forEach(ActorRegistry::close);
		this.callers.shutdownNow();
		this.executors.forEach(ExecutorService::shutdownNow);
	}

	@Test
	void aBlockingOperationReturnsTheActorsReplyAndStartsTheActorOnDemand() {
		ActorRegistry<String, AccountActor> registry = accounts(Duration.ofMinutes(1));
		Account alice = registry.client(Account.class).get("alice");
		assertThat(registry.lookup("alice")).isEmpty();
		assertThat(alice.deposit(100)).isEqualTo(100);
		assertThat(alice.deposit(20)).isEqualTo(120);
		assertThat(registry.lookup("alice")).isPresent();
		assertThat(registry.client(Account.class).get("bob").balance()).isZero();
	}

	@Test
	void anAsyncOperationReturnsAtOnceAndItsStageCompletesWithTheReply() throws Exception {
		ActorRegistry<String, AccountActor> registry = accounts(Duration.ofMinutes(1));
		Account alice = registry.client(Account.class).get("alice");
		registry.tell("alice", (actor) -> Waits.awaitLatch(this.release));
		CompletableFuture<Long> withdrawal = alice.withdraw(0);
		assertThat(withdrawal).isNotDone();
		this.release.countDown();
		assertThat(withdrawal.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
	}

	@Test
	void aOneWayOperationIsSentAndRunsInOrderWithTheCallsAfterIt() {
		ActorRegistry<String, AccountActor> registry = accounts(Duration.ofMinutes(1));
		Account alice = registry.client(Account.class).get("alice");
		alice.touch();
		alice.touch();
		assertThat(registry.ask("alice", AccountActor::touches).join()).isEqualTo(2);
	}

	@Test
	void anUncheckedExceptionOfTheActorIsThrownToTheCallerAsItIs() {
		Account alice = accounts(Duration.ofMinutes(1)).client(Account.class).get("alice");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> alice.deposit(-1))
			.withMessage("a deposit must be positive");
		assertThat(alice.deposit(1)).isEqualTo(1);
	}

	@Test
	void aDeclaredCheckedExceptionIsThrownAsItIsAndFailsTheStageOfAnAsyncOperation() throws Exception {
		Account alice = accounts(Duration.ofMinutes(1)).client(Account.class).get("alice");
		assertThatExceptionOfType(InsufficientFundsException.class).isThrownBy(() -> alice.close(5));
		assertThat(Waits.failureOf(alice.withdraw(5))).isInstanceOf(InsufficientFundsException.class);
	}

	@Test
	void aBlockingCallWaitsNoLongerThanTheRegistrysAskTimeout() {
		ActorRegistry<String, AccountActor> registry = accounts(Duration.ofMillis(200));
		Account alice = registry.client(Account.class).get("alice");
		registry.tell("alice", (actor) -> Waits.awaitLatch(this.release));
		assertThatExceptionOfType(AskTimeoutException.class).isThrownBy(() -> alice.deposit(1))
			.withMessageContaining("'alice'");
	}

	/**
	 * Race: eight threads deposit through proxies of one key, 2,000 times each; each
	 * deposit reads and writes the balance without a lock. A lost update or two calls in
	 * the actor at once would show in the balance or the overlap count.
	 */
	@Test
	void callsOfOneKeyRunOneAtATime() throws Exception {
		ActorRegistry<String, AccountActor> registry = accounts(Duration.ofMinutes(1));
		ActorClient<String, Account> client = registry.client(Account.class);
		int threads = 8;
		int deposits = 2_000;
		List<Future<?>> runs = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		for (int thread = 0; thread < threads; thread++) {
			runs.add(this.callers.submit(() -> {
				Waits.awaitLatch(start);
				Account alice = client.get("alice");
				for (int i = 0; i < deposits; i++) {
					alice.deposit(1);
				}
			}));
		}
		start.countDown();
		for (Future<?> run : runs) {
			run.get(Waits.WORK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		assertThat(client.get("alice").balance()).isEqualTo((long) threads * deposits);
		assertThat(registry.ask("alice", AccountActor::overlaps).join()).isZero();
	}

	@Test
	void aDefaultMethodRunsInTheCallerAndCallsOperations() {
		Account alice = accounts(Duration.ofMinutes(1)).client(Account.class).get("alice");
		assertThat(alice.depositTwice(5)).isEqualTo(10);
	}

	@Test
	void proxiesOfOneKeyAreEqualAndSayWhatTheyAre() {
		ActorRegistry<String, AccountActor> registry = accounts(Duration.ofMinutes(1));
		Account alice = registry.client(Account.class).get("alice");
		Account again = registry.client(Account.class).get("alice");
		assertThat(alice).isEqualTo(again)
			.hasSameHashCodeAs(again)
			.isNotEqualTo(registry.client(Account.class).get("bob"));
		assertThat(alice).hasToString("Account[registry 'accounts', actor 'alice']");
	}

	@Test
	void aContractNamesItsOperationsAndTheirKinds() {
		ActorContract<Account> contract = ActorContract.of(Account.class);
		assertThat(contract.operations()).extracting(Operation::name)
			.containsExactly("balance", "close", "deposit", "touch", "withdraw");
		assertThat(contract.operation("deposit").orElseThrow().kind()).isEqualTo(Operation.Kind.BLOCKING);
		assertThat(contract.operation("withdraw").orElseThrow().kind()).isEqualTo(Operation.Kind.ASYNC);
		assertThat(contract.operation("withdraw").orElseThrow().resultType()).isEqualTo(Long.class);
		assertThat(contract.operation("touch").orElseThrow().kind()).isEqualTo(Operation.Kind.ONE_WAY);
		assertThat(ActorContract.of(Account.class)).isSameAs(contract);
	}

	@Test
	void anInterfaceWithTwoOperationsOfOneNameIsNotAContract() {
		assertThatExceptionOfType(ActorContractException.class).isThrownBy(() -> ActorContract.of(Overloaded.class))
			.withMessageContaining(Overloaded.class.getName())
			.withMessageContaining("operation 'add'")
			.withMessageContaining("another operation has the same name");
	}

	@Test
	void anOperationWithTypeParametersOfItsOwnIsRefused() {
		assertThatExceptionOfType(ActorContractException.class).isThrownBy(() -> ActorContract.of(Generic.class))
			.withMessageContaining("operation 'echo'")
			.withMessageContaining("type parameters");
	}

	@Test
	void aRawCompletionStageIsRefused() {
		assertThatExceptionOfType(ActorContractException.class).isThrownBy(() -> ActorContract.of(Raw.class))
			.withMessageContaining("operation 'later'")
			.withMessageContaining("raw");
	}

	@Test
	void aClassIsNotAContract() {
		assertThatExceptionOfType(ActorContractException.class).isThrownBy(() -> ActorContract.of(AccountActor.class))
			.withMessageContaining("not an interface");
	}

	@Test
	void anAsyncOperationIsOneTurnThatLastsUntilItsStageCompletes() throws Exception {
		CompletableFuture<Long> gate = new CompletableFuture<>();
		ActorRegistry<String, SettlingActor> registry = settlements(gate);
		Settlement alice = registry.client(Settlement.class).get("alice");
		CompletableFuture<Long> settled = alice.settle(5);
		CompletableFuture<Integer> next = registry.ask("alice", SettlingActor::started);
		// one way, though its contract is @Reentrant: returns at once, runs after the
		// turn
		alice.note();
		// on one thread: what was due before this answer has run
		assertThat(registry.client(Settlement.class).get("bob").started()).isZero();
		assertThat(settled).isNotDone();
		assertThat(next).as("waits for the turn").isNotDone();
		gate.complete(7L);
		assertThat(settled.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(7);
		assertThat(next.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
		assertThat(registry.ask("alice", SettlingActor::notes).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
	}

	@Test
	void aStageOfAnAsyncOperationThatFailsFailsTheCallAndCountsAsTheActorsFailure() throws Exception {
		CompletableFuture<Long> gate = new CompletableFuture<>();
		ActorRegistry<String, SettlingActor> registry = settlements(gate);
		CompletableFuture<Long> settled = registry.client(Settlement.class).get("alice").settle(5);
		gate.completeExceptionally(new InsufficientFundsException(5));
		assertThat(Waits.failureOf(settled)).isInstanceOf(InsufficientFundsException.class);
		assertThat(registry.child("alice").orElseThrow().failures()).isEqualTo(1);
	}

	@Test
	void reentrancyIsReadFromTheOperationOrItsContractAndInterleavingFromTheOperation() {
		ActorContract<Settlement> settlement = ActorContract.of(Settlement.class);
		assertThat(settlement.operation("settle").orElseThrow().reentrant()).isTrue();
		assertThat(settlement.operation("settle").orElseThrow().interleaved()).isFalse();
		assertThat(settlement.operation("started").orElseThrow().reentrant()).isTrue();
		assertThat(settlement.operation("started").orElseThrow().interleaved()).isTrue();
		assertThat(ActorContract.of(Account.class).operation("deposit").orElseThrow().reentrant()).isFalse();
		assertThatExceptionOfType(ActorContractException.class)
			.isThrownBy(() -> ActorContract.of(InterleavedOneWay.class))
			.withMessageContaining("operation 'ping'")
			.withMessageContaining("@Interleave");
	}

	private ActorRegistry<String, SettlingActor> settlements(CompletableFuture<Long> gate) {
		ExecutorService oneThread = Executors.newSingleThreadExecutor();
		this.executors.add(oneThread);
		ActorRegistry<String, SettlingActor> registry = ActorRegistry
			.<String, SettlingActor>builder("settlements", String.class, (key, context) -> new SettlingActor(gate))
			.executor(oneThread)
			.build();
		this.registries.add(registry);
		return registry;
	}

	private ActorRegistry<String, AccountActor> accounts(Duration askTimeout) {
		ActorRegistry<String, AccountActor> registry = ActorRegistry
			.<String, AccountActor>builder("accounts", String.class, (key, context) -> new AccountActor())
			.askTimeout(askTimeout)
			.build();
		this.registries.add(registry);
		return registry;
	}

	@ActorInterface
	public interface Account {

		long deposit(long amount);

		CompletableFuture<Long> withdraw(long amount);

		void touch();

		long balance();

		long close(long fee) throws InsufficientFundsException;

		default long depositTwice(long amount) {
			deposit(amount);
			return deposit(amount);
		}

	}

	public static class InsufficientFundsException extends Exception {

		InsufficientFundsException(long missing) {
			super("missing " + missing);
		}

	}

	public static class AccountActor implements Account {

		private long balance;

		private int touches;

		private int inside;

		private int overlaps;

		@Override
		public long deposit(long amount) {
			if (amount < 0) {
				throw new IllegalArgumentException("a deposit must be positive");
			}
			if (++this.inside > 1) {
				this.overlaps++;
			}
			long read = this.balance;
			Thread.onSpinWait();
			this.balance = read + amount;
			this.inside--;
			return this.balance;
		}

		@Override
		public CompletableFuture<Long> withdraw(long amount) {
			if (amount > this.balance) {
				return CompletableFuture.failedFuture(new InsufficientFundsException(amount - this.balance));
			}
			this.balance -= amount;
			return CompletableFuture.completedFuture(this.balance);
		}

		@Override
		public void touch() {
			this.touches++;
		}

		@Override
		public long balance() {
			return this.balance;
		}

		@Override
		public long close(long fee) throws InsufficientFundsException {
			if (fee > this.balance) {
				throw new InsufficientFundsException(fee - this.balance);
			}
			this.balance = 0;
			return this.balance;
		}

		int touches() {
			return this.touches;
		}

		int overlaps() {
			return this.overlaps;
		}

	}

	@ActorInterface
	@Reentrant
	public interface Settlement {

		CompletableFuture<Long> settle(long amount);

		@Interleave
		int started();

		void note();

	}

	public static class SettlingActor implements Settlement {

		private final CompletableFuture<Long> gate;

		private int started;

		private int notes;

		SettlingActor(CompletableFuture<Long> gate) {
			this.gate = gate;
		}

		@Override
		public CompletableFuture<Long> settle(long amount) {
			this.started++;
			return this.gate;
		}

		@Override
		public int started() {
			return this.started;
		}

		@Override
		public void note() {
			this.notes++;
		}

		int notes() {
			return this.notes;
		}

	}

	interface InterleavedOneWay {

		@Interleave
		void ping();

	}

	interface Overloaded {

		int add(int value);

		long add(long value);

	}

	interface Generic {

		<T> T echo(T value);

	}

	interface Raw {

		@SuppressWarnings("rawtypes")
		CompletableFuture later();

	}

}
