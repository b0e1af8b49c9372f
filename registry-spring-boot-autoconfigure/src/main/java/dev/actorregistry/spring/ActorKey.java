package dev.actorregistry.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the key of the actor being created, in an {@link Actor @Actor} constructor:
 * {@code Account(@ActorKey String id, Ledger ledger)}.
 */
@Target({ ElementType.PARAMETER, ElementType.FIELD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("#{T(dev.actorregistry.spring.ActorCreation).currentKey()}")
public @interface ActorKey {

}
