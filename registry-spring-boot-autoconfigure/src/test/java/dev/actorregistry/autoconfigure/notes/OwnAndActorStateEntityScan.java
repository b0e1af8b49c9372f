package dev.actorregistry.autoconfigure.notes;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.spring.jpa.JpaStateStore;

/**
 * An application that names its entity packages and the store's, as the store's
 * documentation asks.
 */
@Configuration(proxyBeanMethods = false)
@EntityScan(basePackageClasses = { Note.class, JpaStateStore.class })
public class OwnAndActorStateEntityScan {

}
