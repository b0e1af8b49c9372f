package dev.actorregistry.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A bank-accounts application: each account is an actor, so the operations on one account
 * run one at a time without locks, while different accounts run in parallel.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Run the application.
	 * @param args the command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
