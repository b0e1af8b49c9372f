package dev.actorregistry.benchmarks.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/**
 * The HTTP hop: one deposit endpoint on Tomcat, served over a {@code synchronized} map
 * and through an actor (persistence off), loaded by {@code wrk} side by side. The
 * application runs twice in this JVM: with platform request threads, and with virtual
 * ones ({@code spring.threads.virtual.enabled}, on Java 21 or newer; skipped on older
 * JDKs), which also puts the actors' turns on virtual threads.
 * <p>
 * For each connection count, each round runs the variants one after the other (A B C A B
 * C ...); each run is a wrk warm-up, then a measured wrk run. The summary gives the
 * medians over the rounds and each variant's throughput over the map's on the same kind
 * of request thread (and over the map's on platform threads). Settings are system
 * properties (see {@link HopSettings}); {@code benchmarks/run-http.sh} starts it.
 */
public final class HttpHopComparison {

	private HttpHopComparison() {
	}

	/**
	 * Run the comparison and print its results.
	 * @param args none
	 * @throws Exception if wrk cannot run
	 */
	public static void main(String[] args) throws Exception {
		HopSettings settings = HopSettings.fromSystemProperties();
		System.out.println("HTTP hop, persistence off: " + settings);
		System.out.printf("Machine: %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());
		boolean virtualThreads = Runtime.version().feature() >= 21;
		List<ConfigurableApplicationContext> applications = new ArrayList<>();
		try (Wrk wrk = new Wrk(settings)) {
			List<HopVariant> variants = new ArrayList<>();
			int platform = port(start(false, applications));
			variants.add(new HopVariant("synchronized map", platform, "/map", false));
			add(variants, settings, "future", "actor, CompletableFuture returned", platform, "/future");
			add(variants, settings, "join", "actor, join() on the request thread", platform, "/join");
			add(variants, settings, "call", "actor, call() on the request thread", platform, "/call");
			if (virtualThreads) {
				int virtual = port(start(true, applications));
				add(variants, settings, "vmap", "synchronized map, virtual threads", virtual, "/map");
				add(variants, settings, "vfuture", "actor, CompletableFuture returned, virtual threads", virtual,
						"/future");
				add(variants, settings, "vjoin", "actor, join(), virtual threads", virtual, "/join");
			}
			else {
				System.out.println("Java " + Runtime.version().feature()
						+ ": the virtual-thread variants need Java 21 or newer and are skipped");
			}
			int mostConnections = settings.connections().stream().mapToInt(Integer::intValue).max().orElse(16);
			for (HopVariant variant : variants) {
				wrk.run(variant, mostConnections, settings.jitWarmup());
			}
			HopTable table = new HopTable(variants);
			for (int connections : settings.connections()) {
				for (int round = 1; round <= settings.rounds(); round++) {
					for (HopVariant variant : variants) {
						wrk.run(variant, connections, settings.warmup());
						HopResult result = wrk.run(variant, connections, settings.measure());
						table.add(connections, variant, result);
						System.out.printf("round %d  %2d connections  %-50s %s%n", round, connections, variant.name(),
								result);
					}
				}
			}
			System.out.println();
			System.out.println("Medians; throughput over the synchronized map's on the same request threads"
					+ " (and over the map's on platform threads)");
			System.out.println(table.toMarkdown());
		}
		finally {
			applications.forEach(ConfigurableApplicationContext::close);
		}
	}

	private static void add(List<HopVariant> variants, HopSettings settings, String id, String name, int port,
			String prefix) {
		if (settings.runs(id)) {
			variants.add(new HopVariant(name, port, prefix, id.startsWith("v")));
		}
	}

	private static ConfigurableApplicationContext start(boolean virtualThreads,
			List<ConfigurableApplicationContext> applications) {
		SpringApplication application = new SpringApplication(HopApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setBannerMode(Banner.Mode.OFF);
		Map<String, Object> properties = new HashMap<>();
		properties.put("logging.level.root", "warn");
		properties.put("server.port", 0);
		properties.put("spring.threads.virtual.enabled", virtualThreads);
		properties.put("actors.persistence.enabled", false);
		application.setDefaultProperties(properties);
		ConfigurableApplicationContext context = application.run();
		applications.add(context);
		return context;
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/** The application: the endpoints and the actor; no database. */
	@SpringBootConfiguration
	@EnableAutoConfiguration(exclude = { DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
			DataJpaRepositoriesAutoConfiguration.class })
	@ComponentScan
	static class HopApplication {

	}

}
