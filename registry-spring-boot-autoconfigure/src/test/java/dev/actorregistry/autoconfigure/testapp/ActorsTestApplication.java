package dev.actorregistry.autoconfigure.testapp;

import java.util.concurrent.CountDownLatch;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Import;

import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorKey;
import dev.actorregistry.test.Waits;

/**
 * An application with three registries: {@code counters} (String keys), {@code accounts}
 * (Long keys) and {@code gates} (actors that block until a test lets them go).
 * <p>
 * Its actors are imported rather than scanned, and it is a {@link TestComponent} with its
 * actors nested in it, so that a test application elsewhere that scans this package (a
 * {@code @SpringBootApplication} in {@code dev.actorregistry.autoconfigure}) never picks
 * up these registries.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@TestComponent
@Import({ ActorsTestApplication.CounterActor.class, ActorsTestApplication.AccountActor.class,
		ActorsTestApplication.GateActor.class })
public class ActorsTestApplication {

	/**
	 * An actor with String keys and a little state that must never be shown.
	 */
	@Actor("counters")
	public static class CounterActor {

		private int secretValue;

		/**
		 * Add to the count.
		 * @param amount how much
		 * @return the new count
		 */
		public int add(int amount) {
			this.secretValue += amount;
			return this.secretValue;
		}

		/**
		 * A message that always throws.
		 * @return never
		 */
		public int fail() {
			throw new IllegalStateException("Counter failed on purpose");
		}

	}

	/**
	 * An actor with Long keys.
	 */
	@Actor(name = "accounts", keyType = Long.class)
	public static class AccountActor {

		private final long id;

		private long balance;

		/**
		 * Create the account of an id.
		 * @param id the account's key
		 */
		public AccountActor(@ActorKey Long id) {
			this.id = id;
		}

		/**
		 * Deposit money.
		 * @param amount how much
		 * @return the new balance
		 */
		public long deposit(long amount) {
			this.balance += amount;
			return this.balance;
		}

		/**
		 * A message that always throws: with the {@code restart} policy the tests give
		 * this registry, the account restarts.
		 * @return never
		 */
		public long fail() {
			throw new IllegalStateException("Account " + this.id + " failed on purpose");
		}

		/**
		 * The account's id.
		 * @return the id
		 */
		public long id() {
			return this.id;
		}

	}

	/**
	 * An actor whose message blocks until the test opens the gate: keeps a mailbox busy,
	 * so a drain or a stop has to wait for it.
	 */
	@Actor("gates")
	public static class GateActor {

		/**
		 * Block until {@code open} is released.
		 * @param entered counted down once the message runs
		 * @param open released by the test
		 * @return {@code true}
		 */
		public boolean pass(CountDownLatch entered, CountDownLatch open) {
			entered.countDown();
			Waits.awaitLatch(open);
			return true;
		}

	}

}
