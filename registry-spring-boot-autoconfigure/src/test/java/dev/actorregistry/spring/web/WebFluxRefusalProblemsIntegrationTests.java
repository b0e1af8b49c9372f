package dev.actorregistry.spring.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals' problem details from a Spring WebFlux application on a real Reactor Netty
 * server: the same as from Spring MVC.
 */
@SpringBootTest(classes = RefusalsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "actors.registries.gate.mailbox-capacity=1",
				"actors.registries.meter.persistence.write-through=true",
				"management.endpoints.web.exposure.include=actors", "spring.main.web-application-type=reactive",
				// Tomcat is on the test class path for the MVC tests: serve with Netty
				// here
				"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration" })
@AutoConfigureWebTestClient
@DirtiesContext
class WebFluxRefusalProblemsIntegrationTests extends RefusalProblemsContract {

	@Autowired
	private ReactiveWebServerApplicationContext context;

	@Test
	void runsOnReactorNetty() {
		assertThat(this.context.getWebServer()).isInstanceOf(NettyWebServer.class);
	}

}
