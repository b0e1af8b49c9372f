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
 * Runs a test class against {@link ActorsTestApplication} on a random port, with the
 * {@code health}, {@code actors} and {@code metrics} endpoints exposed. Each class gets a
 * context of its own, closed after it: some classes drain registries, and a drain is
 * final. The {@code accounts} registry has overrides of every setting, so the endpoint
 * can be seen to report them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = ActorsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,actors,metrics",
				"management.endpoint.health.show-details=always", "actors.registries.accounts.max-active=50",
				"actors.registries.accounts.mailbox-capacity=20", "actors.registries.accounts.failure-policy=restart",
				"actors.registries.accounts.idle-timeout=5m" })
@AutoConfigureRestTestClient
@DirtiesContext
public @interface ActorsApplicationTest {

}
