package dev.actorregistry.autoconfigure.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Import;

import dev.actorregistry.ActorContext;
import dev.actorregistry.ActorLifecycle;
import dev.actorregistry.invocation.ActorClient;
import dev.actorregistry.invocation.ActorInterface;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.Subscribe;

/**
 * One instance of a clustered application: accounts, each an actor persisted with
 * write-through in the JPA store, that take deposits and transfer to each other by
 * durable sends. Every instance in the JVM records where it started each account in
 * {@link #ACTIVATIONS}, so a test sees whether a key ever lived on two members.
 * <p>
 * Imported, not scanned, so that it picks up no other test's actors.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@TestComponent
@Import(ClusterTestApplication.AccountActor.class)
public class ClusterTestApplication {

	/** Per account key, the members ({@code test.member}) that started its actor. */
	static final Map<String, Set<String>> ACTIVATIONS = new ConcurrentHashMap<>();

	/** How many times any member started an account's actor. */
	static final AtomicLong STARTS = new AtomicLong();

	/** Per announcement's text, the accounts that received it, as {@code member/key}. */
	static final Map<String, Set<String>> ANNOUNCED = new ConcurrentHashMap<>();

	/**
	 * A message to every live account, on the topic {@code announcements}.
	 *
	 * @param text what it says
	 */
	public record Announcement(String text) {
	}

	/** What an account takes, called by key from any member. */
	@ActorInterface
	public interface Accounts {

		/**
		 * Add to the balance.
		 * @param amount how much
		 * @return the new balance
		 */
		long deposit(long amount);

		/**
		 * The balance.
		 * @return the balance
		 */
		long balance();

		/**
		 * Take from this account and send it, durably, to another.
		 * @param to the other account's key
		 * @param amount how much
		 * @return this account's balance after
		 */
		long transfer(String to, long amount);

	}

	@Actor(name = "account")
	static class AccountActor implements Accounts, PersistentActor<Long>, ActorLifecycle {

		private final ActorContext<String> context;

		private final ActorClient<String, Accounts> accounts;

		private final String member;

		private long balance;

		AccountActor(ActorContext<String> context, ActorClient<String, Accounts> accounts,
				@Value("${test.member}") String member) {
			this.context = context;
			this.accounts = accounts;
			this.member = member;
		}

		@Override
		public void onStart() {
			STARTS.incrementAndGet();
			ACTIVATIONS.computeIfAbsent(this.context.key(), (key) -> ConcurrentHashMap.newKeySet()).add(this.member);
		}

		@Subscribe("announcements")
		void onAnnouncement(Announcement announcement) {
			ANNOUNCED.computeIfAbsent(announcement.text(), (text) -> ConcurrentHashMap.newKeySet())
				.add(this.member + "/" + this.context.key());
		}

		@Override
		public long deposit(long amount) {
			this.balance += amount;
			return this.balance;
		}

		@Override
		public long balance() {
			return this.balance;
		}

		@Override
		public long transfer(String to, long amount) {
			this.balance -= amount;
			this.context.durable(this.accounts).get(to).deposit(amount);
			return this.balance;
		}

		@Override
		public Long snapshot() {
			return this.balance;
		}

		@Override
		public void restore(Long state) {
			this.balance = state;
		}

	}

}
