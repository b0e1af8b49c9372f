package dev.actorregistry.autoconfigure.notes;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/**
 * The application's configuration: its package is where Boot looks for its entities and
 * repositories, as under {@code @SpringBootApplication}.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class NotesApplication {

}
