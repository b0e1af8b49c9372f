package dev.actorregistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.invocation.Reentrant;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Calls that come back to an actor within its own call chain: an account's turn calls a
 * ledger, whose turn calls the account again. Without reentrancy the call would wait for
 * the turn that waits for it; it fails at once, naming the chain. A {@code @Reentrant}
 * operation runs interleaved in the suspended turn instead.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CallChainTests {

	private final List<ActorRegistry<?, ?>> registries = new ArrayList<>();

	private final ActorRegistry<String, AccountActor> accounts = register(
			ActorRegistry.builder("accounts", String.class, (key, context) -> new AccountActor(this)));

	private final ActorRegistry<String, LedgerActor> ledgers = register(
			ActorRegistry.builder("ledger", String.class, (key, context) -> new LedgerActor(this)));

	private final ActorRegistry<String, AuditActor> audits = register(
			ActorRegistry.builder("audit", String.class, (key, context) -> new AuditActor(this)));

	/** What the ledger's {@code held} operation waits for. */
	private final CompletableFuture<Long> ledgerGate = new CompletableFuture<>();

	private final ActorClient<String, Account> accountClient = this.accounts.client(Account.class);

	private final ActorClient<String, Ledger> ledgerClient = this.ledgers.client(Ledger.class);

	private final ActorClient<String, Audit> auditClient = this.audits.client(Audit.class);

	@AfterEach
	void cleanUp() {
		this.ledgerGate.complete(0L);
		this.registries.forEach((registry) -> registry.drain(TIMEOUT));
	}

	@Test
	void aCallBackIntoASuspendedAsyncTurnFailsFastNamingTheChain() throws Exception {
		Throwable failure = failureOf(this.accountClient.get("alice").transfer("7"));
		assertThat(failure).isInstanceOf(CallChainDeadlockException.class)
			.hasMessageContaining("Registry 'accounts', actor 'alice'")
			.hasMessageContaining("accounts/alice → ledger/7 → accounts/alice")
			.hasMessageContaining("@Reentrant");
		assertThat(((ActorDeadlockException) failure).chain()).containsExactly("accounts/alice", "ledger/7",
				"accounts/alice");
		assertThat(this.accountClient.get("alice").balance()).as("the account goes on").isEqualTo(100);
	}

	@Test
	void aCallBackWhileTheAsyncTurnBlocksOnTheCalleeFailsFastNamingTheChain() throws Exception {
		Throwable failure = failureOf(this.accountClient.get("alice").transferBlockingInside("7"));
		assertThat(failure).isInstanceOf(CallChainDeadlockException.class)
			.hasMessageContaining("accounts/alice → ledger/7 → accounts/alice");
	}

	@Test
	void blockingTurnsThatCallEachOtherFailFastNamingTheCycle() {
		assertThatExceptionOfType(ActorDeadlockException.class)
			.isThrownBy(() -> this.accountClient.get("alice").blockingTransfer("7"))
			.withMessageContaining("accounts/alice")
			.withMessageContaining("ledger/7")
			.withMessageContaining(" → ");
		assertThat(this.accountClient.get("alice").balance()).isEqualTo(100);
	}

	@Test
	void aChainThroughThreeActorsFailsFastNamingEachOfThem() throws Exception {
		Throwable failure = failureOf(this.accountClient.get("alice").transferAudited("7", "x"));
		assertThat(failure).isInstanceOf(CallChainDeadlockException.class)
			.hasMessageContaining("accounts/alice → ledger/7 → audit/x → accounts/alice");
	}

	@Test
	void aReentrantOperationRunsInterleavedInTheSuspendedTurn() throws Exception {
		AccountActor alice = this.accounts.ask("alice", (account) -> account)
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		long balance = this.accountClient.get("alice")
			.transferCrediting("7")
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(balance).as("the credit the ledger made, read by the turn after its await").isEqualTo(101);
		assertThat(alice.credits.get()).isEqualTo(1);
		assertThat(alice.overlaps.get()).isZero();
	}

	@Test
	void aCallFromOutsideTheChainWaitsForTheTurnRatherThanFailing() throws Exception {
		CompletableFuture<Long> turn = this.accountClient.get("alice").holdFor("8");
		CompletableFuture<Long> outside = this.accounts.ask("alice", AccountActor::balance);
		assertThat(outside).isNotDone();
		this.ledgerGate.complete(0L);
		assertThat(turn.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(100);
		assertThat(outside.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(100);
	}

	private <A> ActorRegistry<String, A> register(ActorRegistryBuilder<String, A> builder) {
		ActorRegistry<String, A> registry = builder.build();
		this.registries.add(registry);
		return registry;
	}

	@ActorInterface
	public interface Account {

		/** An async turn that waits for the ledger, which calls back. */
		CompletableFuture<Long> transfer(String ledger);

		/** An async turn whose function blocks on the ledger, which calls back. */
		CompletableFuture<Long> transferBlockingInside(String ledger);

		/** A blocking turn that waits for the ledger, which calls back. */
		long blockingTransfer(String ledger);

		/** Through a ledger, then an audit, which calls back. */
		CompletableFuture<Long> transferAudited(String ledger, String audit);

		/** The ledger calls back a reentrant operation. */
		CompletableFuture<Long> transferCrediting(String ledger);

		/** Waits for the ledger, which does not call back. */
		CompletableFuture<Long> holdFor(String ledger);

		long balance();

		@Reentrant
		long credit(long amount);

	}

	@ActorInterface
	public interface Ledger {

		CompletableFuture<Long> record(String account);

		long recordBlocking(String account);

		long viaAudit(String account, String audit);

		CompletableFuture<Long> recordAndCredit(String account);

		CompletableFuture<Long> held();

	}

	@ActorInterface
	public interface Audit {

		CompletableFuture<Long> check(String account);

	}

	static final class AccountActor implements Account {

		private final CallChainTests world;

		private long balance = 100;

		final AtomicInteger credits = new AtomicInteger();

		final AtomicInteger inside = new AtomicInteger();

		final AtomicInteger overlaps = new AtomicInteger();

		AccountActor(CallChainTests world) {
			this.world = world;
		}

		@Override
		public CompletableFuture<Long> transfer(String ledger) {
			return this.world.ledgerClient.get(ledger).record("alice");
		}

		@Override
		public CompletableFuture<Long> transferBlockingInside(String ledger) {
			return CompletableFuture.completedFuture(this.world.ledgerClient.get(ledger).recordBlocking("alice"));
		}

		@Override
		public long blockingTransfer(String ledger) {
			return this.world.ledgerClient.get(ledger).recordBlocking("alice");
		}

		@Override
		public CompletableFuture<Long> transferAudited(String ledger, String audit) {
			return this.world.ledgers.ask(ledger, (actor) -> actor.viaAudit("alice", audit));
		}

		@Override
		public CompletableFuture<Long> transferCrediting(String ledger) {
			enter();
			try {
				return this.world.ledgerClient.get(ledger).recordAndCredit("alice").thenApply((credited) -> {
					enter();
					try {
						return this.balance;
					}
					finally {
						leave();
					}
				});
			}
			finally {
				leave();
			}
		}

		@Override
		public CompletableFuture<Long> holdFor(String ledger) {
			return this.world.ledgerClient.get(ledger).held().thenApply((ignored) -> this.balance);
		}

		@Override
		public long balance() {
			return this.balance;
		}

		@Override
		public long credit(long amount) {
			enter();
			try {
				this.credits.incrementAndGet();
				this.balance += amount;
				return this.balance;
			}
			finally {
				leave();
			}
		}

		private void enter() {
			if (this.inside.incrementAndGet() != 1) {
				this.overlaps.incrementAndGet();
			}
		}

		private void leave() {
			this.inside.decrementAndGet();
		}

	}

	static final class LedgerActor implements Ledger {

		private final CallChainTests world;

		LedgerActor(CallChainTests world) {
			this.world = world;
		}

		@Override
		public CompletableFuture<Long> record(String account) {
			return CompletableFuture.completedFuture(this.world.accountClient.get(account).balance());
		}

		@Override
		public long recordBlocking(String account) {
			return this.world.accountClient.get(account).balance();
		}

		@Override
		public long viaAudit(String account, String audit) {
			return this.world.auditClient.get(audit).check(account).join();
		}

		@Override
		public CompletableFuture<Long> recordAndCredit(String account) {
			return CompletableFuture.completedFuture(this.world.accountClient.get(account).credit(1));
		}

		@Override
		public CompletableFuture<Long> held() {
			return this.world.ledgerGate;
		}

	}

	static final class AuditActor implements Audit {

		private final CallChainTests world;

		AuditActor(CallChainTests world) {
			this.world = world;
		}

		@Override
		public CompletableFuture<Long> check(String account) {
			return CompletableFuture.completedFuture(this.world.accountClient.get(account).balance());
		}

	}

}
