package dev.actorregistry.sample.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.actorregistry.sample.fuzz.SampleFuzzer.Exchange;
import dev.actorregistry.sample.fuzz.SampleFuzzer.Owner;
import dev.actorregistry.sample.fuzz.SampleFuzzer.Tally;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzer's whole run against the application: every answer to a request the sample
 * owns is a problem detail with a status other than a server error, and the run logs no
 * error. The actuator's answers are the library's and Boot's, and are only printed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:sample-fuzz-tests")
@ExtendWith(OutputCaptureExtension.class)
class SampleFuzzTests {

	@LocalServerPort
	private int port;

	@Test
	void everyBadRequestToTheSampleIsAnsweredWithA4xxProblemDetail(CapturedOutput output) throws Exception {
		Tally tally = SampleFuzzer.run("localhost", this.port);
		System.out.println(tally.summary());
		assertThat(tally.findings(Owner.SAMPLE)).extracting(Exchange::describe).isEmpty();
		assertThat(tally.exchanges()).hasSize(SampleFuzzer.requests().size());
		assertThat(output.getAll()).doesNotContain(" ERROR ");
	}

}
