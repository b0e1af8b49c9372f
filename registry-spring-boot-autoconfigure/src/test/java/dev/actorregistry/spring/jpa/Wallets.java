package dev.actorregistry.spring.jpa;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.jpa.ActorsPersistenceAutoConfiguration;
import dev.actorregistry.persistence.PersistentActor;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorKey;
import dev.actorregistry.spring.ActorRegistries;

/**
 * A small application for the persistence tests: one registry, {@code wallets}, of
 * persistent actors, on the auto-configurations a JPA application with Jackson has.
 */
public final class Wallets {

	public static final String REGISTRY = "wallets";

	private Wallets() {
	}

	/**
	 * A context runner for the application on a database. Hibernate only validates the
	 * tables, so they must come from the scripts in the jar; periodic snapshots are off,
	 * so that saves happen only where a test makes them.
	 * @param database the database
	 * @return the runner
	 */
	public static ApplicationContextRunner on(TestDatabase.Instance database) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
							TransactionAutoConfiguration.class, JacksonAutoConfiguration.class,
							ActorsPersistenceAutoConfiguration.class, ActorsAutoConfiguration.class))
			.withUserConfiguration(WalletActor.class)
			.withPropertyValues(database.properties().toArray(String[]::new))
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=validate", "actors.persistence.snapshot-interval=0");
	}

	/**
	 * The registry of a context.
	 * @param context the context
	 * @return its wallets
	 */
	@SuppressWarnings("unchecked")
	public static ActorRegistry<String, WalletActor> registry(ApplicationContext context) {
		return (ActorRegistry<String, WalletActor>) context.getBean(ActorRegistries.class).get(REGISTRY);
	}

	/**
	 * A wallet's state.
	 *
	 * @param owner the key of the wallet
	 * @param balance the money in it
	 * @param note free text
	 */
	public record Wallet(String owner, long balance, String note) {

		Wallet deposit(long amount) {
			return new Wallet(this.owner, this.balance + amount, this.note);
		}

		Wallet withNote(String note) {
			return new Wallet(this.owner, this.balance, note);
		}

	}

	/**
	 * A persistent actor with a wallet as its state.
	 */
	@Actor(REGISTRY)
	public static class WalletActor implements PersistentActor<Wallet> {

		private Wallet wallet;

		/**
		 * Create the empty wallet of a key.
		 * @param owner the key
		 */
		public WalletActor(@ActorKey String owner) {
			this.wallet = new Wallet(owner, 0, "");
		}

		/**
		 * Add money.
		 * @param amount how much; zero leaves the state as it was
		 * @return the new balance
		 */
		public long deposit(long amount) {
			this.wallet = this.wallet.deposit(amount);
			return this.wallet.balance();
		}

		/**
		 * Replace the note.
		 * @param note the new note
		 * @return the wallet
		 */
		public Wallet note(String note) {
			this.wallet = this.wallet.withNote(note);
			return this.wallet;
		}

		/**
		 * The state.
		 * @return the wallet
		 */
		public Wallet wallet() {
			return this.wallet;
		}

		@Override
		public Wallet snapshot() {
			return this.wallet;
		}

		@Override
		public void restore(Wallet state) {
			this.wallet = state;
		}

	}

}
