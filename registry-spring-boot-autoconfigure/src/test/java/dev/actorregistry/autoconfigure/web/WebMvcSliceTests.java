package dev.actorregistry.autoconfigure.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import dev.actorregistry.spring.web.RefusingController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @WebMvcTest} slice answers a refusal with its problem detail, as the
 * application does, rather than letting it escape as a {@code ServletException}: the
 * slice imports the handler's auto-configuration.
 */
@WebMvcTest(RefusingController.class)
class WebMvcSliceTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void aFullMailboxIsTooManyRequests() {
		assertThat(this.mvc.post().uri("/refuse")).hasStatus(HttpStatus.TOO_MANY_REQUESTS)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "1")
			.bodyJson()
			.extractingPath("$.title")
			.isEqualTo("Actor busy");
	}

	// only what the slice itself brings, and the controller
	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(RefusingController.class)
	static class SliceApplication {

	}

}
