package dev.actorregistry.autoconfigure.testapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application with three registries: {@code counters} (String keys), {@code accounts}
 * (Long keys) and {@code gates} (actors that block until a test lets them go). Imported
 * rather than scanned, so that no test configuration is picked up by accident.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ CounterActor.class, AccountActor.class, GateActor.class })
public class ActorsTestApplication {

}
