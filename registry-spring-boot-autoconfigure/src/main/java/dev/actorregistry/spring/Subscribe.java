package dev.actorregistry.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Subscribes every actor of an {@link Actor @Actor} class to a topic of the application's
 * {@link dev.actorregistry.Topics Topics}: each message published on the topic whose type
 * is the method's one parameter runs the method on the turn of every live actor, and of
 * the actors of the keys it names to {@link #activate}, started if they are not live.
 *
 * <pre class="code">
 * &#64;Actor
 * class Account {
 *     &#64;Subscribe(topic = "rates", activate = "house")
 *     void onRate(RateChanged rate) { ... }
 * }
 * </pre>
 *
 * The method must be an instance method with exactly one parameter; it may have any
 * visibility and its return value is ignored. If it throws, the registry's failure policy
 * applies, as for any message. Repeat the annotation to take the same messages from
 * several topics, each topic once.
 *
 * @see dev.actorregistry.TopicSubscription
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Subscribe.List.class)
public @interface Subscribe {

	/**
	 * Alias for {@link #topic()}.
	 * @return the topic
	 */
	@AliasFor("topic")
	String value() default "";

	/**
	 * The topic to subscribe to.
	 * @return the topic's name
	 */
	@AliasFor("value")
	String topic() default "";

	/**
	 * Keys whose actors are started, if they are not live, to receive each message;
	 * converted to the registry's key type by the application's conversion service.
	 * @return the keys, none by default: only live actors receive messages
	 */
	String[] activate() default {};

	/**
	 * Holds the {@link Subscribe @Subscribe} annotations of a method that repeats it; the
	 * compiler writes it, so there is no need to.
	 */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@interface List {

		/**
		 * The subscriptions.
		 * @return the annotations, in the order declared
		 */
		Subscribe[] value();

	}

}
