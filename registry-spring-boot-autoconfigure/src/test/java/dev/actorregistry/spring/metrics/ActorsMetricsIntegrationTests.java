package dev.actorregistry.spring.metrics;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.actorregistry.ActorRef;
import dev.actorregistry.ActorRegistry;
import dev.actorregistry.ActorStoppedException;
import dev.actorregistry.autoconfigure.testapp.ActorsApplicationTest;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.AccountActor;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.CounterActor;
import dev.actorregistry.autoconfigure.testapp.ActorsTestApplication.GateActor;
import dev.actorregistry.test.Waits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The meters of every registry, read over HTTP from {@code /actuator/metrics} and from
 * the {@link MeterRegistry}. Tests share one context, so counts are compared before and
 * after each test's own work: the difference is exact.
 */
@ActorsApplicationTest
class ActorsMetricsIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private ActorRegistry<String, CounterActor> counters;

	@Autowired
	private ActorRegistry<Long, AccountActor> accounts;

	@Autowired
	private ActorRegistry<String, GateActor> gates;

	@Test
	void listsEveryMeterWithItsTagsFromTheStart() {
		String names = this.client.get()
			.uri("/actuator/metrics")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
		List<String> actorMeters = JsonPath.read(names, "$.names[?(@ =~ /actors\\..*/)]");
		assertThat(actorMeters).containsExactlyInAnyOrder("actors.active", "actors.active.limit", "actors.pending",
				"actors.activations", "actors.passivations", "actors.restarts", "actors.messages.processing",
				"actors.messages.wait", "actors.messages.rejected");
		assertThat(tagValues("actors.activations", "registry")).containsExactlyInAnyOrder("counters", "accounts",
				"gates");
		assertThat(tagValues("actors.activations", "outcome")).containsExactlyInAnyOrder("success", "failure");
		assertThat(tagValues("actors.passivations", "reason")).containsExactlyInAnyOrder("stopped", "idle", "evicted",
				"failed", "drained", "migrated");
		assertThat(tagValues("actors.messages.processing", "outcome")).containsExactlyInAnyOrder("success", "failure");
		assertThat(tagValues("actors.messages.rejected", "reason")).containsExactlyInAnyOrder("mailbox-full",
				"draining", "closed", "actor-stopped", "start-failed", "state-conflict", "key-too-long", "other");
		assertThat(tagValues("actors.active", "registry")).containsExactlyInAnyOrder("counters", "accounts", "gates");
	}

	@Test
	void countsActivationsAndTimesMessagesPerRegistry() {
		double started = count("actors.activations", "registry:counters", "outcome:success");
		double accountsStarted = count("actors.activations", "registry:accounts", "outcome:success");
		double succeeded = count("actors.messages.processing", "registry:counters", "outcome:success");
		double failed = count("actors.messages.processing", "registry:counters", "outcome:failure");
		double waited = count("actors.messages.wait", "registry:counters");
		String key = uniqueKey();
		this.counters.ask(key, (counter) -> counter.add(1)).join();
		this.counters.ask(key, (counter) -> counter.add(1)).join();
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> this.counters.ask(key, CounterActor::fail).join());

		assertThat(count("actors.activations", "registry:counters", "outcome:success")).isEqualTo(started + 1);
		assertThat(count("actors.activations", "registry:accounts", "outcome:success")).isEqualTo(accountsStarted);
		assertThat(count("actors.messages.processing", "registry:counters", "outcome:success"))
			.isEqualTo(succeeded + 2);
		assertThat(count("actors.messages.processing", "registry:counters", "outcome:failure")).isEqualTo(failed + 1);
		assertThat(count("actors.messages.wait", "registry:counters")).isEqualTo(waited + 3);
	}

	@Test
	void countsAStopAsAPassivationWithItsReason() throws Exception {
		String key = uniqueKey();
		this.counters.ask(key, (counter) -> counter.add(1)).join();
		double stopped = counter("actors.passivations", "counters", "reason", "stopped");
		double idle = counter("actors.passivations", "counters", "reason", "idle");
		this.counters.stop(key).get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		// listeners hear of a stop just after the stop's future completes
		Waits.eventually()
			.untilAsserted(() -> assertThat(counter("actors.passivations", "counters", "reason", "stopped"))
				.isEqualTo(stopped + 1));
		assertThat(counter("actors.passivations", "counters", "reason", "idle")).isEqualTo(idle);
	}

	@Test
	void countsARestartAsARestartNotAPassivation() {
		double restarts = counter("actors.restarts", "accounts", null, null);
		double passivations = this.meterRegistry.get("actors.passivations")
			.tag("registry", "accounts")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
		long id = UUID.randomUUID().getMostSignificantBits();
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> this.accounts.ask(id, AccountActor::fail).join());
		Waits.eventually()
			.untilAsserted(
					() -> assertThat(counter("actors.restarts", "accounts", null, null)).isEqualTo(restarts + 1));
		assertThat(this.meterRegistry.get("actors.passivations")
			.tag("registry", "accounts")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum()).isEqualTo(passivations);
		assertThat(this.meterRegistry.find("actors.passivations").tag("reason", "restarted").meters()).isEmpty();
		assertThat(this.accounts.lookup(id)).isPresent();
	}

	@Test
	void countsAMessageSentThroughAStoppedActorsRefAsRejected() throws Exception {
		String key = uniqueKey();
		ActorRef<String, CounterActor> ref = this.counters.lookupOrStart(key);
		this.counters.stop(key).get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		double rejected = count("actors.messages.rejected", "registry:counters", "reason:actor-stopped");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> ref.ask((counter) -> counter.add(1)).join())
			.withCauseInstanceOf(ActorStoppedException.class);
		assertThat(count("actors.messages.rejected", "registry:counters", "reason:actor-stopped"))
			.isEqualTo(rejected + 1);
	}

	@Test
	void gaugesShowLiveActorsAndPendingMessages() throws Exception {
		double active = value("actors.active", "registry:counters");
		assertThat(active).isEqualTo(this.counters.size());
		this.counters.ask(uniqueKey(), (counter) -> counter.add(1)).join();
		assertThat(value("actors.active", "registry:counters")).isEqualTo(active + 1);

		// a gate holds its first message, so the two behind it wait: three pending
		String key = uniqueKey();
		CountDownLatch entered = new CountDownLatch(3);
		CountDownLatch open = new CountDownLatch(1);
		List<CompletableFuture<Boolean>> passes = List.of(this.gates.ask(key, (gate) -> gate.pass(entered, open)),
				this.gates.ask(key, (gate) -> gate.pass(entered, open)),
				this.gates.ask(key, (gate) -> gate.pass(entered, open)));
		Waits.eventually().until(() -> entered.getCount() == 2);
		assertThat(value("actors.pending", "registry:gates")).isEqualTo(3);
		open.countDown();
		for (CompletableFuture<Boolean> pass : passes) {
			assertThat(pass.get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		Waits.eventually().until(() -> value("actors.pending", "registry:gates") == 0);
		this.gates.stop(key).get(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	private List<String> tagValues(String meter, String tag) {
		String json = this.client.get()
			.uri("/actuator/metrics/" + meter)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
		List<List<String>> values = JsonPath.read(json, "$.availableTags[?(@.tag == '" + tag + "')].values");
		assertThat(values).as("tag %s of %s", tag, meter).hasSize(1);
		return values.get(0);
	}

	/** The COUNT statistic of a counter or timer, over HTTP. */
	private double count(String meter, String... tags) {
		return statistic(meter, "COUNT", tags);
	}

	/** The VALUE statistic of a gauge, over HTTP. */
	private double value(String meter, String... tags) {
		return statistic(meter, "VALUE", tags);
	}

	private double statistic(String meter, String statistic, String... tags) {
		StringBuilder uri = new StringBuilder("/actuator/metrics/").append(meter);
		for (int i = 0; i < tags.length; i++) {
			uri.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		String json = this.client.get()
			.uri(uri.toString())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
		List<Number> values = JsonPath.read(json, "$.measurements[?(@.statistic == '" + statistic + "')].value");
		assertThat(values).as("%s of %s", statistic, uri).hasSize(1);
		return values.get(0).doubleValue();
	}

	/** A counter read straight from the meter registry. */
	private double counter(String meter, String registry, @Nullable String tag, @Nullable String value) {
		var search = this.meterRegistry.get(meter).tag("registry", registry);
		if (tag != null && value != null) {
			search = search.tag(tag, value);
		}
		return search.counter().count();
	}

	private static String uniqueKey() {
		return "metrics-" + UUID.randomUUID();
	}

}
