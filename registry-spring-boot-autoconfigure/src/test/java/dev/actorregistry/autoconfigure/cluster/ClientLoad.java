package dev.actorregistry.autoconfigure.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import dev.actorregistry.autoconfigure.cluster.LedgerTestApplication.Ledger;
import dev.actorregistry.invocation.ActorClient;

/**
 * Client threads that call ledgers through one instance's typed client, each call with a
 * new id, over many keys, until told to stop; every call is recorded in
 * {@link CallRecords}, under the event under way when it ended, which is the one that
 * decided its outcome (a call sent before a member died fails when it dies). A failed
 * call is followed by a short pause, so that an instance that refuses everything at once
 * does not flood the records.
 */
final class ClientLoad implements AutoCloseable {

	private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(20);

	private final CallRecords records;

	private final List<String> keys;

	private final Map<String, Clients> byMember = new ConcurrentHashMap<>();

	ClientLoad(CallRecords records, List<String> keys) {
		this.records = records;
		this.keys = List.copyOf(keys);
	}

	/**
	 * Start calling through an instance.
	 * @param member the instance's name
	 * @param client its typed client of the ledgers
	 * @param threads how many threads call through it
	 */
	void start(String member, ActorClient<String, Ledger> client, int threads) {
		Clients clients = new Clients();
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> callUntilStopped(member, client, clients.stopped),
					"ledger-client-" + member + "-" + i);
			thread.setDaemon(true);
			clients.threads.add(thread);
		}
		if (this.byMember.putIfAbsent(member, clients) != null) {
			throw new IllegalStateException("Clients of " + member + " are running already");
		}
		clients.threads.forEach(Thread::start);
	}

	private void callUntilStopped(String member, ActorClient<String, Ledger> client, AtomicBoolean stopped) {
		while (!stopped.get()) {
			long id = this.records.nextId();
			String key = this.keys.get(ThreadLocalRandom.current().nextInt(this.keys.size()));
			try {
				client.get(key).apply(id);
				this.records.acknowledged(id, key, this.records.event(), member);
			}
			catch (RuntimeException ex) {
				this.records.failed(id, key, this.records.event(), member, ex);
				try {
					Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * Stop calling through an instance, and wait until its calls under way returned.
	 * @param member the instance's name
	 * @param timeout how long to wait for them at most
	 * @return the threads whose call did not return in time, each with where it waits
	 */
	List<String> stop(String member, Duration timeout) throws InterruptedException {
		Clients clients = this.byMember.remove(member);
		if (clients == null) {
			return List.of();
		}
		clients.stopped.set(true);
		long deadline = System.nanoTime() + timeout.toNanos();
		List<String> hung = new ArrayList<>();
		for (Thread thread : clients.threads) {
			thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			if (thread.isAlive()) {
				hung.add(thread.getName() + " did not return from its call within " + timeout + ", waiting in\n\t"
						+ Arrays.stream(thread.getStackTrace())
							.limit(12)
							.map(String::valueOf)
							.collect(Collectors.joining("\n\t")));
			}
		}
		return hung;
	}

	/**
	 * Stop calling through every instance.
	 * @param timeout how long to wait for the calls under way
	 * @return the threads whose call did not return in time
	 */
	List<String> stopAll(Duration timeout) throws InterruptedException {
		List<String> hung = new ArrayList<>();
		for (String member : List.copyOf(this.byMember.keySet())) {
			hung.addAll(stop(member, timeout));
		}
		return hung;
	}

	@Override
	public void close() throws InterruptedException {
		stopAll(Duration.ofMinutes(1));
	}

	private static final class Clients {

		final AtomicBoolean stopped = new AtomicBoolean();

		final List<Thread> threads = new ArrayList<>();

	}

}
