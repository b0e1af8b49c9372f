package dev.actorregistry.benchmarks.persistence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/**
 * "Deposit into account id, durably committed before it returns", three ways side by side
 * in one Spring Boot application on embedded PostgreSQL: an actor with write-through
 * persistence, JPA with an {@code @Version} entity and a retry, and JPA with a
 * {@code PESSIMISTIC_WRITE} lock. The three share the application's HikariCP pool.
 * <p>
 * For each workload, each round runs the variants one after the other (A B C A B C ...);
 * each run warms up, then measures for a fixed time, then checks every balance it touched
 * against the deposits acknowledged. The summary gives the medians over the rounds and
 * the actor's throughput over each other variant's. Settings are system properties (see
 * {@link ComparisonSettings}); {@code benchmarks/run-persistence.sh} starts it.
 */
public final class PersistenceComparison {

	private PersistenceComparison() {
	}

	/**
	 * Run the comparison and print its results.
	 * @param args none
	 * @throws Exception if the database cannot start or stop
	 */
	public static void main(String[] args) throws Exception {
		ComparisonSettings settings = ComparisonSettings.fromSystemProperties();
		System.out.println("Write-through against hand-written JPA: " + settings);
		System.out.printf("Machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
		// the embedded server logs each line of its own output at INFO
		LoggingSystem.get(PersistenceComparison.class.getClassLoader()).setLogLevel("io.zonky", LogLevel.WARN);
		try (BenchmarkDatabase database = BenchmarkDatabase.start()) {
			System.out.println("PostgreSQL " + database.version());
			long accounts = settings.accountsToSeed();
			database.createAccountTables(accounts);
			database.relaxCommits(true);
			try (ConfigurableApplicationContext context = start(database, settings)) {
				long seeding = System.nanoTime();
				ActorDeposits actor = context.getBean(ActorDeposits.class);
				actor.seed(accounts);
				database.relaxCommits(false);
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				pool.getHikariPoolMXBean().softEvictConnections();
				BenchmarkDatabase.requireDurableCommits(pool, settings.poolSize());
				System.out.printf("Seeded %,d accounts per variant in %.1f s; commits durable (fsync and"
						+ " synchronous_commit on)%n", accounts, (System.nanoTime() - seeding) / 1e9);
				List<DepositVariant> variants = List.of(actor, context.getBean(OptimisticDeposits.class),
						context.getBean(PessimisticDeposits.class));
				System.out.println();
				System.out.println(compare(variants, settings, accounts).toMarkdown());
			}
		}
	}

	private static ComparisonTable compare(List<DepositVariant> variants, ComparisonSettings settings, long accounts) {
		Map<DepositVariant, AtomicLongArray> acknowledged = new HashMap<>();
		ComparisonTable table = new ComparisonTable(variants);
		ExecutorService clients = Executors.newFixedThreadPool(settings.clients());
		try {
			DepositLoad load = new DepositLoad(clients, settings.clients());
			for (Workload workload : settings.workloads()) {
				for (int round = 1; round <= settings.rounds(); round++) {
					for (DepositVariant variant : variants) {
						AtomicLongArray counts = acknowledged.computeIfAbsent(variant,
								(key) -> new AtomicLongArray((int) accounts + 1));
						BalanceCheck check = new BalanceCheck(counts);
						RunResult result = load.run(variant, workload, settings, counts);
						int checked = check.verify(variant, workload);
						table.add(workload, variant, result);
						System.out.printf("round %d  %-22s %-22s %s; %,d balances verified%n", round, workload,
								variant.name(), result, checked);
					}
				}
			}
		}
		finally {
			clients.shutdownNow();
		}
		return table;
	}

	private static ConfigurableApplicationContext start(BenchmarkDatabase database, ComparisonSettings settings) {
		SpringApplication application = new SpringApplication(ComparisonApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		Map<String, Object> properties = new HashMap<>();
		properties.put("logging.level.root", "warn");
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.hikari.maximum-pool-size", settings.poolSize());
		properties.put("spring.jpa.open-in-view", false);
		properties.put("spring.jpa.hibernate.ddl-auto", "validate");
		properties.put("actors.persistence.initialize-schema", "always");
		properties.put("actors.persistence.write-through", true);
		// as the sample application: saves block on JDBC, so turns run on a pool of
		// platform threads as large as the connection pool, not one thread per core
		properties.put("actors.executor.type", "bounded");
		properties.put("actors.executor.pool-size", settings.poolSize());
		application.setDefaultProperties(properties);
		return application.run();
	}

	/** The application: the actor, the entities, the repositories and the services. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ComponentScan
	static class ComparisonApplication {

	}

}
