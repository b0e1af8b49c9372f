package dev.actorregistry.benchmarks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.ResolvableType;

import dev.actorregistry.ActorRegistry;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorRegistries;

/**
 * Activating an {@link Actor @Actor} through its registry, against the floor: a bare
 * {@code getBean} of the same prototype bean, which is what the registry's factory calls.
 * Both run in a real Spring Boot application with the registry's auto-configuration, and
 * the actor takes a singleton bean in its constructor, so {@code getBean} resolves and
 * injects a dependency each time.
 * <p>
 * Every activation is of a key never used before. Batches of {@value #BATCH}: the
 * registry keeps each actor it starts, so the actors of a batch are stopped after it,
 * outside the measured time. The registry therefore never holds more than one batch, as
 * an application whose actors passivate would, instead of growing by millions of actors
 * an iteration; a growing map would charge its resizes and the garbage collector's work
 * on live actors to the registry.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SpringActivationBenchmark {

	static final int BATCH = 1000;

	private static final String REGISTRY = "sessions";

	private ConfigurableApplicationContext context;

	private ConfigurableListableBeanFactory beanFactory;

	private ActorRegistry<Long, Session> registry;

	private String beanName;

	/** Start the application and find the registry and the actor's bean name. */
	@Setup
	public void start() {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		// Idle actors never passivate: only the batch teardown stops them.
		// The benchmarks' class path has JDBC and JPA for the persistence comparison;
		// this
		// application has no database.
		application.setDefaultProperties(Map.of("logging.level.root", "warn", "actors.defaults.idle-timeout", "0",
				"spring.autoconfigure.exclude",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
						+ "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration"));
		this.context = application.run();
		this.beanFactory = this.context.getBeanFactory();
		this.registry = this.context
			.<ActorRegistry<Long, Session>>getBeanProvider(
					ResolvableType.forClassWithGenerics(ActorRegistry.class, Long.class, Session.class))
			.getObject();
		this.beanName = this.context.getBean(ActorRegistries.class).definition(REGISTRY).orElseThrow().beanName();
	}

	/** Close the application, which drains the registry. */
	@TearDown
	public void stop() {
		this.context.close();
	}

	/**
	 * Keys no actor ever had, made before each batch and its actors stopped after it.
	 * Invocation-level fixtures are sound here: a batch takes far longer than the two
	 * time stamps JMH adds around it.
	 */
	@State(Scope.Thread)
	public static class FreshKeys {

		private static final AtomicLong next = new AtomicLong();

		private final Long[] keys = new Long[BATCH];

		private final CompletableFuture<?>[] stops = new CompletableFuture<?>[BATCH];

		/** Make the keys of the next batch; a key is never made twice. */
		@Setup(Level.Invocation)
		public void next() {
			long first = next.getAndAdd(BATCH);
			for (int i = 0; i < BATCH; i++) {
				this.keys[i] = first + i;
			}
		}

		/**
		 * Stop the batch's actors and wait until they are gone.
		 * @param benchmark holds the registry
		 * @throws IllegalStateException if an actor is still live after it
		 */
		@TearDown(Level.Invocation)
		public void stopBatch(SpringActivationBenchmark benchmark) {
			for (int i = 0; i < BATCH; i++) {
				this.stops[i] = benchmark.registry.stop(this.keys[i]);
			}
			CompletableFuture.allOf(this.stops).join();
			// an actor left over would make the next batch start with a bigger map
			if (benchmark.registry.size() != 0) {
				throw new IllegalStateException(benchmark.registry.size() + " actors outlived their batch");
			}
		}

	}

	/**
	 * Start one actor for each fresh key of a batch.
	 * @param fresh the batch's keys
	 * @param blackhole keeps the refs
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void registry(FreshKeys fresh, Blackhole blackhole) {
		for (Long key : fresh.keys) {
			blackhole.consume(this.registry.lookupOrStart(key));
		}
	}

	/**
	 * Create as many instances of the actor's prototype bean, by name and type as the
	 * registry's factory does.
	 * @param blackhole keeps the instances
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void getBean(Blackhole blackhole) {
		for (int i = 0; i < BATCH; i++) {
			blackhole.consume(this.beanFactory.getBean(this.beanName, Session.class));
		}
	}

	/**
	 * The application: the actor and the singleton it depends on; no component scan, so
	 * only these and what auto-configuration adds.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Session.class)
	static class Application {

		@Bean
		Tariff tariff() {
			return new Tariff(3);
		}

	}

	/** A singleton every actor is given. */
	record Tariff(int centsPerMinute) {
	}

	/** The actor: a prototype bean with one injected dependency. */
	@Actor(name = REGISTRY, keyType = Long.class)
	static class Session {

		private final Tariff tariff;

		Session(Tariff tariff) {
			this.tariff = tariff;
		}

		@Override
		public String toString() {
			return "Session at " + this.tariff.centsPerMinute() + " cents a minute";
		}

	}

}
