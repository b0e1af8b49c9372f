package dev.actorregistry.spring;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorRegistryBuilder;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.context.ActorsContextPropagationAutoConfiguration;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request thread blocked on a reply runs the actor's message itself only when it holds
 * no transactional state: a message never joins its caller's transaction, wherever it
 * runs.
 */
class CallerRunsConditionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ActorsAutoConfiguration.class))
		.withUserConfiguration(Transactions.class, Probe.class);

	@Test
	void aCallerOutsideAnyTransactionRunsTheIdleActorsMessageItself() {
		this.runner.run((context) -> {
			Probes probes = context.getBean(Probes.class);
			probes.registry.ask("a", (probe) -> probe).join();
			CountDownLatch release = new CountDownLatch(1);
			try {
				// every thread of the actors' pool busy: only this thread can run it
				holdThePool(release);
				assertThat(probes.registry.ask("a", Probe::seen).join().thread()).isSameAs(Thread.currentThread());
			}
			finally {
				release.countDown();
			}
		});
	}

	@Test
	void aMessageAskedInsideATransactionNeverSeesTheCallersTransaction() {
		this.runner.run((context) -> {
			Probes probes = context.getBean(Probes.class);
			TransactionTemplate transactions = new TransactionTemplate(
					context.getBean(DataSourceTransactionManager.class));
			probes.registry.ask("a", (probe) -> probe).join();
			for (int i = 0; i < 200; i++) {
				Probe.Seen seen = transactions.execute((status) -> probes.registry.ask("a", Probe::seen).join());
				assertThat(seen.inTransaction()).as("the message saw the caller's transaction").isFalse();
				assertThat(seen.thread()).isNotSameAs(Thread.currentThread());
			}
		});
	}

	/**
	 * A turn run on the caller's thread gets the sender's context as on the pool, and the
	 * caller has its own context back once the turn ends, even where the message changed
	 * it.
	 */
	@Test
	void aTurnOnTheCallersThreadRunsWithTheSendersContextAndPutsTheCallersBack() {
		this.runner.withConfiguration(AutoConfigurations.of(ActorsContextPropagationAutoConfiguration.class))
			.run((context) -> {
				Probes probes = context.getBean(Probes.class);
				probes.registry.ask("a", (probe) -> probe).join();
				CountDownLatch release = new CountDownLatch(1);
				try {
					holdThePool(release);
					SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", "x"));
					String seen = probes.registry.ask("a", (probe) -> {
						String user = SecurityContextHolder.getContext().getAuthentication().getName() + " on "
								+ Thread.currentThread().getName();
						SecurityContextHolder.clearContext();
						return user;
					}).join();
					assertThat(seen).isEqualTo("alice on " + Thread.currentThread().getName());
					assertThat(SecurityContextHolder.getContext().getAuthentication().getName()).isEqualTo("alice");
				}
				finally {
					release.countDown();
					SecurityContextHolder.clearContext();
				}
			});
	}

	@Test
	void aThreadWithAResourceBoundToItMayNotRunTurns() {
		Object key = new Object();
		assertThat(CallerRunsCondition.get().getAsBoolean()).isTrue();
		TransactionSynchronizationManager.bindResource(key, "connection");
		try {
			assertThat(CallerRunsCondition.get().getAsBoolean()).isFalse();
		}
		finally {
			TransactionSynchronizationManager.unbindResource(key);
		}
	}

	private static void holdThePool(CountDownLatch release) {
		ForkJoinPool pool = (ForkJoinPool) ActorRegistryBuilder.defaultExecutor();
		CountDownLatch held = new CountDownLatch(pool.getParallelism());
		for (int i = 0; i < pool.getParallelism(); i++) {
			pool.execute(() -> {
				held.countDown();
				Waits.awaitLatch(release);
			});
		}
		Waits.awaitLatch(held);
	}

	@Configuration(proxyBeanMethods = false)
	static class Transactions {

		@Bean
		DataSource dataSource() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		Probes probes() {
			return new Probes();
		}

	}

	static class Probes {

		@Autowired
		ActorRegistry<String, Probe> registry;

	}

	@Actor(name = "probes")
	static class Probe {

		Seen seen() {
			return new Seen(Thread.currentThread(), TransactionSynchronizationManager.isActualTransactionActive()
					|| !TransactionSynchronizationManager.getResourceMap().isEmpty());
		}

		record Seen(Thread thread, boolean inTransaction) {
		}

	}

}
