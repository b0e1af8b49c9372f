package dev.actorregistry.autoconfigure.testapp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Runs a test class against {@link RemindersTestApplication} on a random port, with the
 * {@code actors} endpoint exposed. The registry's own reminder poll is an hour away, so
 * ticks fire only when a test advances the clock and fires them. Each class gets a
 * context of its own, closed after it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = RemindersTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=actors", "actors.reminders.poll-interval=1h" })
@AutoConfigureRestTestClient
@DirtiesContext
public @interface RemindersApplicationTest {

}
