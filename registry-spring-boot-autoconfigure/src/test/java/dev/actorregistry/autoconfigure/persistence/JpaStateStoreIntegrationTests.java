package dev.actorregistry.autoconfigure.persistence;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.StateStore;
import dev.actorregistry.StoredState;
import dev.actorregistry.autoconfigure.persistence.Wallets.WalletActor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JPA state store behind real Spring contexts, on one kind of database: each subclass
 * runs every test on its own.
 */
abstract class JpaStateStoreIntegrationTests {

	private final TestDatabase kind;

	private TestDatabase.Instance database;

	JpaStateStoreIntegrationTests(TestDatabase kind) {
		this.kind = kind;
	}

	@BeforeEach
	void createDatabase() {
		this.database = this.kind.create();
	}

	@Test
	void stateSurvivesPassivation() {
		Wallets.on(this.database).run((context) -> {
			ActorRegistry<String, WalletActor> wallets = Wallets.registry(context);
			assertThat(wallets.ask("alice", (wallet) -> wallet.deposit(5)).join()).isEqualTo(5);
			wallets.stop("alice").join();
			assertThat(wallets.lookup("alice")).isEmpty();
			StoredState stored = context.getBean(StateStore.class).load(Wallets.REGISTRY, "alice").orElseThrow();
			assertThat(stored.revision()).isEqualTo(1);
			assertThat(wallets.ask("alice", (wallet) -> wallet.deposit(2)).join()).isEqualTo(7);
		});
	}

}
