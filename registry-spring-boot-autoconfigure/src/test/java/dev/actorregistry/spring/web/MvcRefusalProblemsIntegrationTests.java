package dev.actorregistry.spring.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The refusals' problem details from a Spring MVC application on a real Tomcat server.
 */
@SpringBootTest(classes = RefusalsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "actors.registries.gate.mailbox-capacity=1",
				"actors.registries.meter.persistence.write-through=true",
				"management.endpoints.web.exposure.include=actors", "spring.main.web-application-type=servlet" })
@AutoConfigureWebTestClient
@DirtiesContext
class MvcRefusalProblemsIntegrationTests extends RefusalProblemsContract {

}
