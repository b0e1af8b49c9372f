package dev.actorregistry.cluster.hazelcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The member the module creates has the safe defaults it promises, and an actor cluster
 * refuses an instance that cannot carry its calls or already hosts one.
 */
class HazelcastMemberFactoryTests {

	private final List<HazelcastInstance> started = new ArrayList<>();

	@AfterEach
	void shutDown() {
		List<String> names = this.started.stream().map(HazelcastInstance::getName).toList();
		this.started.forEach(HazelcastInstance::shutdown);
		await("the members' threads to end").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(LoopbackMembers.liveThreadsOf(names)).isEmpty());
	}

	@Test
	void theConfigurationHasTheSafeDefaults() {
		Config config = HazelcastMemberFactory.config(HazelcastMemberSettings.defaults()
			.withClusterName("bank")
			.withMembers(List.of("10.0.0.1", "10.0.0.2:5702"))
			.withBindInterface("10.0.0.*")
			.withHeartbeat(Duration.ofSeconds(2), Duration.ofSeconds(15)));

		assertThat(config.getClusterName()).isEqualTo("bank");
		assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
		assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
		assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
		assertThat(config.getProperty("hazelcast.operation.fail.on.indeterminate.state")).isEqualTo("true");
		assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("2");
		assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("15");
		assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
		assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.0.*");
		JoinConfig join = config.getNetworkConfig().getJoin();
		assertThat(join.getMulticastConfig().isEnabled()).isFalse();
		assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
		assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
		assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1", "10.0.0.2:5702");
		assertThat(config.getExecutorConfig(HazelcastActorCluster.EXECUTOR_NAME).getPoolSize()).isEqualTo(8);
		assertThat(config.getSerializationConfig().getDataSerializableFactories())
			.containsKey(ActorDataSerializableFactory.FACTORY_ID);
	}

	@Test
	void settingsRefuseAHeartbeatTimeoutNoLongerThanTheInterval() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> HazelcastMemberSettings.defaults().withHeartbeat(Duration.ofSeconds(5), Duration.ofSeconds(5)))
			.withMessageContaining("heartbeatTimeout");
	}

	@Test
	void aStartedMemberListensOnTheConfiguredInterfaceOnlyAndHostsOneActorCluster() {
		Config config = HazelcastMemberFactory.config(HazelcastMemberSettings.defaults()
			.withClusterName("alone-" + UUID.randomUUID())
			.withPort(LoopbackMembers.freePorts(1).get(0), 1));
		HazelcastInstance member = start(config);

		assertThat(member.getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
		HazelcastActorCluster cluster = HazelcastActorCluster.on(member);
		assertThatIllegalStateException().isThrownBy(() -> HazelcastActorCluster.on(member))
			.withMessageContaining("hosts an actor cluster already");
		cluster.close();
		assertThat(member.getLifecycleService().isRunning()).as("an instance given is left running").isTrue();
		HazelcastActorCluster.on(member).close();
	}

	@Test
	void anInstanceWhoseConfigurationLacksTheActorsSerializationIsRefused() {
		Config config = HazelcastMemberFactory.config(HazelcastMemberSettings.defaults()
			.withClusterName("plain-" + UUID.randomUUID())
			.withPort(LoopbackMembers.freePorts(1).get(0), 1));
		config.getSerializationConfig().getDataSerializableFactories().clear();
		HazelcastInstance member = start(config);

		assertThatIllegalStateException().isThrownBy(() -> HazelcastActorCluster.on(member))
			.withMessageContaining("HazelcastActorCluster.configure");
	}

	private HazelcastInstance start(Config config) {
		HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
		this.started.add(member);
		return member;
	}

}
