package dev.actorregistry.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import sun.misc.Signal;

/**
 * A bank-accounts application: each account is an actor, so the operations on one account
 * run one at a time without locks, while different accounts run in parallel.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	/**
	 * Run the application.
	 * @param args the command-line arguments
	 */
	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, args);
		exitCleanlyOnTerm(context);
	}

	/**
	 * SIGTERM is how an orchestrator asks for a graceful stop. Left to the JVM, it runs
	 * the shutdown hooks and then exits with 143 even when everything drained; here the
	 * context is closed (web server graceful shutdown, then the actors' drain) and the
	 * exit code is Spring Boot's, 0 when the close succeeded.
	 */
	private static void exitCleanlyOnTerm(ConfigurableApplicationContext context) {
		Signal.handle(new Signal("TERM"), (signal) -> System.exit(SpringApplication.exit(context)));
	}

}
