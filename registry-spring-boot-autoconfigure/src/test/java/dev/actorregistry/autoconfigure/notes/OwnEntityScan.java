package dev.actorregistry.autoconfigure.notes;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;

/**
 * An application that names its entity packages and forgets the store's.
 */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = Note.class)
public class OwnEntityScan {

}
