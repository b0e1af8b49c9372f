package dev.actorregistry.autoconfigure.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.hazelcast.config.Config;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.SmartLifecycle;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.actorregistry.cluster.ClusterInvocationRouter;
import dev.actorregistry.cluster.hazelcast.HazelcastActorCluster;
import dev.actorregistry.cluster.hazelcast.HazelcastMemberFactory;
import dev.actorregistry.cluster.hazelcast.HazelcastMemberSettings;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.ActorsProperties;
import dev.actorregistry.invocation.InvocationRouter;
import dev.actorregistry.invocation.LocalInvocationRouter;
import dev.actorregistry.spring.Actor;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.ActorRegistriesLifecycle;
import dev.actorregistry.spring.cluster.ClusterLeaveLifecycle;
import dev.actorregistry.spring.cluster.ClusterOverview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Cluster mode is off unless enabled, and then starts one member of its own (or uses the
 * application's), builds every registry clustered but those that opt out, and closes the
 * member with the context rather than on a JVM shutdown hook. A real member alone on the
 * loopback interface, on a free port.
 */
class ActorsClusterAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ActorsClusterAutoConfiguration.class,
				ActorsAutoConfiguration.class))
		.withUserConfiguration(Counter.class, Tally.class)
		.withPropertyValues("logging.level.com.hazelcast=WARN");

	@Test
	void withoutTheSwitchNothingIsClustered() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(HazelcastActorCluster.class);
			assertThat(context).doesNotHaveBean(ClusterOverview.class);
			assertThat(context.getBean(InvocationRouter.class)).isInstanceOf(LocalInvocationRouter.class);
			assertThat(context.getBean(ActorRegistries.class).cluster("counter")).isEmpty();
		});
	}

	@Test
	void enabledItStartsAMemberOfItsOwnAndClustersEveryRegistryButThoseThatOptOut() throws IOException {
		int port = freePort();
		AtomicReference<HazelcastInstance> member = new AtomicReference<>();
		this.runner
			.withPropertyValues("actors.cluster.enabled=true", "actors.cluster.port=" + port,
					"actors.cluster.port-auto-increment=false", "actors.cluster.heartbeat-timeout=7s",
					"actors.registries.tally.cluster=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HazelcastActorCluster cluster = context.getBean(HazelcastActorCluster.class);
				HazelcastInstance instance = cluster.instance();
				member.set(instance);
				assertThat(instance.getCluster().getLocalMember().getAddress().getPort()).isEqualTo(port);
				assertThat(instance.getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
				Config config = instance.getConfig();
				assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
				assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("7");
				assertThat(config.getClusterName()).isEqualTo("actors");
				assertThat(context.getBean(InvocationRouter.class)).isInstanceOf(ClusterInvocationRouter.class);
				ActorRegistries registries = context.getBean(ActorRegistries.class);
				assertThat(registries.cluster("counter")).containsSame(cluster);
				assertThat(registries.cluster("tally")).isEmpty();
				assertThat(context.getBean(ClusterOverview.class).view().members()).hasSize(1);
				assertThat(config.getProperty("hazelcast.graceful.shutdown.max.wait")).isEqualTo("60");
				// the member leaves just before the registries drain
				assertThat(context.getBean(ClusterLeaveLifecycle.class).getPhase())
					.isEqualTo(context.getBean(ActorRegistriesLifecycle.class).getPhase() + 1);
			});
		assertThat(member.get().getLifecycleService().isRunning()).isFalse();
	}

	@Test
	void closingTheContextLeavesTheClusterBeforeTheRegistriesDrain() throws IOException {
		int port = freePort();
		List<String> order = new CopyOnWriteArrayList<>();
		this.runner
			.withPropertyValues("actors.cluster.enabled=true", "actors.cluster.port=" + port,
					"actors.cluster.port-auto-increment=false")
			.withBean(RecordingLifecycle.class, () -> new RecordingLifecycle(order))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HazelcastInstance instance = context.getBean(HazelcastActorCluster.class).instance();
				context.getBean(RecordingLifecycle.class).instance = instance;
				context.close();
			});
		assertThat(order).containsExactly("member left before the drain");
	}

	@Test
	void membersAreFoundInKubernetesByTheDnsNameOfAHeadlessService() {
		HazelcastMemberSettings settings = ActorsClusterAutoConfiguration
			.settings(properties("actors.cluster.kubernetes.enabled=true",
					"actors.cluster.kubernetes.service-dns=bank-actors.default.svc.cluster.local"));
		Config config = HazelcastMemberFactory.config(settings);
		assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
		KubernetesConfig kubernetes = config.getNetworkConfig().getJoin().getKubernetesConfig();
		assertThat(kubernetes.isEnabled()).isTrue();
		assertThat(kubernetes.getProperties())
			.containsOnly(entry("service-dns", "bank-actors.default.svc.cluster.local"));
	}

	@Test
	void membersAreFoundInKubernetesThroughItsApiByNamespaceAndService() {
		HazelcastMemberSettings settings = ActorsClusterAutoConfiguration
			.settings(properties("actors.cluster.kubernetes.enabled=true", "actors.cluster.kubernetes.namespace=bank",
					"actors.cluster.kubernetes.service-name=bank-actors"));
		KubernetesConfig kubernetes = HazelcastMemberFactory.config(settings)
			.getNetworkConfig()
			.getJoin()
			.getKubernetesConfig();
		assertThat(kubernetes.getProperties()).containsOnly(entry("namespace", "bank"),
				entry("service-name", "bank-actors"));
	}

	@Test
	void aMinimumSizeBelowOneIsRefused() {
		this.runner.withPropertyValues("actors.cluster.enabled=true", "actors.cluster.minimum-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("actors.cluster.minimum-size"));
	}

	@Test
	void theMinimumSizeReachesTheMember() {
		assertThat(ActorsClusterAutoConfiguration.settings(properties("actors.cluster.minimum-size=2"))
			.minimumClusterSize()).isEqualTo(2);
		assertThat(ActorsClusterAutoConfiguration.settings(properties()).minimumClusterSize()).isOne();
	}

	@Test
	void aMemberListBesideKubernetesDiscoveryIsRefused() {
		this.runner
			.withPropertyValues("actors.cluster.enabled=true", "actors.cluster.kubernetes.enabled=true",
					"actors.cluster.members=127.0.0.1:5701")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("actors.cluster.members"));
	}

	@Test
	void bothDnsAndApiDiscoveryAreRefused() {
		this.runner
			.withPropertyValues("actors.cluster.enabled=true", "actors.cluster.kubernetes.enabled=true",
					"actors.cluster.kubernetes.service-dns=bank-actors", "actors.cluster.kubernetes.namespace=bank")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("actors.cluster.kubernetes.service-dns"));
	}

	private static ActorsClusterProperties properties(String... pairs) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		for (String pair : pairs) {
			int equals = pair.indexOf('=');
			source.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return new Binder(source).bindOrCreate("actors.cluster", ActorsClusterProperties.class);
	}

	/**
	 * Stops in the registries' drain phase: records whether the member had left by then.
	 */
	static final class RecordingLifecycle implements SmartLifecycle {

		private final List<String> order;

		volatile HazelcastInstance instance;

		private volatile boolean running;

		RecordingLifecycle(List<String> order) {
			this.order = order;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
			this.order.add(this.instance.getLifecycleService().isRunning() ? "member still up at the drain"
					: "member left before the drain");
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return ActorsProperties.DEFAULT_SHUTDOWN_PHASE;
		}

	}

	@Test
	void itUsesTheApplicationsInstanceWhenAskedAndLeavesItsShutdownToTheApplication() throws IOException {
		int port = freePort();
		this.runner
			.withPropertyValues("actors.cluster.enabled=true", "actors.cluster.use-application-instance=true",
					"test.port=" + port)
			.withUserConfiguration(ApplicationInstance.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HazelcastInstance application = context.getBean(HazelcastInstance.class);
				assertThat(context.getBean(HazelcastActorCluster.class).instance()).isSameAs(application);
				// closing the actors' cluster alone leaves the application's member up
				context.getBean(HazelcastActorCluster.class).close();
				assertThat(application.getLifecycleService().isRunning()).isTrue();
			});
	}

	@Test
	void askedToUseTheApplicationsInstanceWithoutOneItFailsNamingTheProperty() {
		this.runner.withPropertyValues("actors.cluster.enabled=true", "actors.cluster.use-application-instance=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("actors.cluster.use-application-instance"));
	}

	@Test
	void aHeartbeatTimeoutNoLongerThanTheHeartbeatIsRefused() {
		this.runner.withPropertyValues("actors.cluster.enabled=true", "actors.cluster.heartbeat-timeout=1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("actors.cluster.heartbeat-timeout"));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Actor(name = "counter")
	static class Counter {

	}

	@Actor(name = "tally")
	static class Tally {

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationInstance {

		@Bean(destroyMethod = "shutdown")
		HazelcastInstance hazelcastInstance(org.springframework.core.env.Environment environment) {
			HazelcastMemberSettings settings = HazelcastMemberSettings.defaults()
				.withClusterName("application")
				.withPort(Integer.parseInt(environment.getRequiredProperty("test.port")), 1);
			// the application's own configuration, ready to carry actors' calls
			return Hazelcast.newHazelcastInstance(HazelcastMemberFactory.config(settings));
		}

	}

}
