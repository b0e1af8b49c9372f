package dev.actorregistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.test.Waits;

import static dev.actorregistry.test.Waits.TIMEOUT;
import static dev.actorregistry.test.Waits.eventually;
import static dev.actorregistry.test.Waits.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A bounded mailbox refuses at once when full, counting the running message, and accepts
 * again once it has room; nothing it accepted is lost.
 */
class MailboxCapacityTests {

	private static final String NAME = "capacity-tests";

	private static final String KEY = "inbox-42";

	// An executor of its own: a test that fails while an actor blocks cannot starve the
	// shared pool that other tests use.
	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<ActorRegistryException> rejections = new CopyOnWriteArrayList<>();

	private final List<Probe> created = new CopyOnWriteArrayList<>();

	private final ActorRegistry<String, Probe> registry = ActorRegistry
		.builder(NAME, String.class, (key, context) -> newProbe())
		.mailboxCapacity(2)
		.executor(this.executor)
		.listener(new RegistryListener() {

			@Override
			public void messageRejected(String registry, Object key, ActorRegistryException cause) {
				MailboxCapacityTests.this.rejections.add(cause);
			}

		})
		.drainTimeout(TIMEOUT)
		.build();

	@AfterEach
	void cleanUp() {
		this.release.countDown();
		this.registry.drain(TIMEOUT);
		this.executor.shutdownNow();
	}

	@Test
	void fullMailboxRefusesAtOnceAndAcceptsAgainWhenThereIsRoom() throws Exception {
		ActorRef<String, Probe> ref = this.registry.lookupOrStart(KEY);
		List<CompletableFuture<Integer>> accepted = new ArrayList<>();
		// the running message counts toward the capacity of 2
		accepted.add(blockOn(ref));
		accepted.add(ref.ask(Probe::count));
		assertThat(this.registry.child(KEY))
			.hasValueSatisfying((child) -> assertThat(child.mailboxSize()).isEqualTo(2));

		// every kind of send is refused on the caller's thread, without waiting
		assertThatExceptionOfType(MailboxFullException.class).isThrownBy(() -> ref.tell(Probe::count))
			.satisfies(this::namesRegistryAndKey);
		assertThatExceptionOfType(MailboxFullException.class).isThrownBy(() -> this.registry.tell(KEY, Probe::count))
			.satisfies(this::namesRegistryAndKey);
		CompletableFuture<Integer> byRef = ref.ask(Probe::count);
		CompletableFuture<Integer> byKey = this.registry.ask(KEY, Probe::count);
		assertThat(byRef).isCompletedExceptionally();
		assertThat(byKey).isCompletedExceptionally();
		assertThat(failureOf(byRef)).isInstanceOfSatisfying(MailboxFullException.class, this::namesRegistryAndKey);
		assertThat(failureOf(byKey)).isInstanceOfSatisfying(MailboxFullException.class, this::namesRegistryAndKey);
		assertThat(this.rejections).hasSize(4).allSatisfy((rejection) -> {
			assertThat(rejection).isInstanceOf(MailboxFullException.class);
			namesRegistryAndKey(rejection);
		});
		// refusals leave the actor as it was: live, with the same two messages
		assertThat(ref.isAlive()).isTrue();
		assertThat(this.registry.child(KEY))
			.hasValueSatisfying((child) -> assertThat(child.mailboxSize()).isEqualTo(2));

		this.release.countDown();
		assertThat(accepted.get(0).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
		assertThat(accepted.get(1).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(2);
		// the last reply may come a moment before the mailbox counts the message finished
		eventually().untilAsserted(() -> assertThat(this.registry.child(KEY))
			.hasValueSatisfying((child) -> assertThat(child.mailboxSize()).isZero()));

		// room again: two more fit, by ref and by key
		CompletableFuture<Integer> third = ref.ask(Probe::count);
		CompletableFuture<Integer> fourth = this.registry.ask(KEY, Probe::count);
		assertThat(third.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(3);
		assertThat(fourth.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(4);

		// nothing accepted was lost, nothing refused ran
		assertThat(this.created).hasSize(1);
		assertThat(this.created.get(0).handled).isEqualTo(4);
		eventually().untilAsserted(() -> assertThat(this.registry.child(KEY))
			.hasValueSatisfying((child) -> assertThat(child.processed()).isEqualTo(4)));
		assertThat(this.rejections).hasSize(4);
	}

	private void namesRegistryAndKey(ActorRegistryException ex) {
		assertThat(ex.registry()).isEqualTo(NAME);
		assertThat(ex.key()).isEqualTo(KEY);
		assertThat(ex.getMessage()).contains("'" + NAME + "'", "'" + KEY + "'", "capacity 2");
	}

	private Probe newProbe() {
		Probe probe = new Probe();
		this.created.add(probe);
		return probe;
	}

	/** Send a message that blocks until released, and wait until it runs. */
	private CompletableFuture<Integer> blockOn(ActorRef<String, Probe> ref) throws InterruptedException {
		return Waits.blockOn(ref, this.release, Probe::count);
	}

	/** An actor that counts the messages it ran. */
	static final class Probe {

		volatile int handled;

		int count() {
			return ++this.handled; // only ever on the actor's own turn
		}

	}

}
