package dev.actorregistry.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Makes a class an actor: a prototype bean found by component scanning, and one
 * {@link dev.actorregistry.ActorRegistry ActorRegistry&lt;K, A&gt;} bean that creates an
 * instance per key and is injectable by its generic type.
 * <p>
 * An actor's constructor takes its {@link dev.actorregistry.ActorContext ActorContext} or
 * its {@link ActorKey @ActorKey} next to ordinary beans. {@code @PostConstruct} runs
 * before its first message, {@code @PreDestroy} when it stops.
 *
 * <pre class="code">
 * &#64;Actor
 * class Cart {
 *     Cart(ActorContext&lt;String&gt; context, PriceService prices) { ... }
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface Actor {

	/**
	 * Alias for {@link #name()}.
	 * @return the registry's name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * The registry's name, used in properties ({@code actors.registries.<name>}), metrics
	 * and the actuator endpoint. Defaults to the class's simple name with a lower-case
	 * first letter.
	 * @return the registry's name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * The type of the actors' keys.
	 * @return the key type
	 */
	Class<?> keyType() default String.class;

}
