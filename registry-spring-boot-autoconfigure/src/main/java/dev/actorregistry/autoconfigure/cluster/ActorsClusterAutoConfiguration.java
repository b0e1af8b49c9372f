package dev.actorregistry.autoconfigure.cluster;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

import dev.actorregistry.Topics;
import dev.actorregistry.autoconfigure.ActorsAutoConfiguration;
import dev.actorregistry.autoconfigure.ActorsProperties;
import dev.actorregistry.cluster.ActorCluster;
import dev.actorregistry.cluster.ClusterInvocationRouter;
import dev.actorregistry.cluster.hazelcast.HazelcastActorCluster;
import dev.actorregistry.cluster.hazelcast.HazelcastMemberSettings;
import dev.actorregistry.cluster.hazelcast.HazelcastMemberSettings.KubernetesDiscovery;
import dev.actorregistry.invocation.InvocationCodec;
import dev.actorregistry.invocation.InvocationRouter;
import dev.actorregistry.persistence.StateCodec;
import dev.actorregistry.spring.ActorRegistries;
import dev.actorregistry.spring.RegistryClustering;
import dev.actorregistry.spring.cluster.ClusterLeaveLifecycle;
import dev.actorregistry.spring.cluster.ClusterOverview;
import dev.actorregistry.spring.cluster.HazelcastClusterOverview;
import dev.actorregistry.spring.cluster.MemberActivity;
import dev.actorregistry.spring.jackson.JacksonStateCodec;

/**
 * Cluster mode on Hazelcast, when {@code actors.cluster.enabled} is true and
 * {@code registry-cluster-hazelcast} is on the classpath: a dedicated embedded member (or
 * the application's own {@link HazelcastInstance} with
 * {@code actors.cluster.use-application-instance}), every registry built clustered unless
 * {@code actors.registries.<name>.cluster} is false, and durable sends routed to the
 * member that owns their receiver.
 * <p>
 * Shutdown order: readiness goes out of service and the web server lets its requests in
 * flight finish; then the member leaves the cluster ({@link ClusterLeaveLifecycle}, in
 * the phase just above the drain), handing its keys to the other members while it still
 * serves them; then the registries drain what is left; the member is closed when the
 * context destroys its beans ({@link HazelcastActorCluster#close}), after the registries
 * and the router that depend on it. Hazelcast's own JVM shutdown hook is off.
 */
@AutoConfiguration(before = ActorsAutoConfiguration.class)
@ConditionalOnClass(HazelcastActorCluster.class)
@ConditionalOnBooleanProperty("actors.cluster.enabled")
@EnableConfigurationProperties(ActorsClusterProperties.class)
public final class ActorsClusterAutoConfiguration {

	/** How many ports from actors.cluster.port up a member tries when it may. */
	private static final int AUTO_INCREMENT_PORTS = 3;

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(ActorCluster.class)
	HazelcastActorCluster actorCluster(ActorsClusterProperties properties,
			ObjectProvider<HazelcastInstance> applicationInstance) {
		if (properties.useApplicationInstance()) {
			HazelcastInstance instance = applicationInstance.getIfUnique();
			if (instance == null) {
				throw new InvalidConfigurationPropertyValueException("actors.cluster.use-application-instance", true,
						"The application has no single HazelcastInstance bean; define one, or leave this unset for a "
								+ "member dedicated to actors.");
			}
			return HazelcastActorCluster.on(instance, minimumSize(properties));
		}
		return HazelcastActorCluster.start(settings(properties));
	}

	static HazelcastMemberSettings settings(ActorsClusterProperties properties) {
		HazelcastMemberSettings defaults = HazelcastMemberSettings.defaults();
		Duration heartbeatTimeout = properties.heartbeatTimeout();
		if (heartbeatTimeout.toSeconds() <= defaults.heartbeatInterval().toSeconds()) {
			throw new InvalidConfigurationPropertyValueException("actors.cluster.heartbeat-timeout", heartbeatTimeout,
					"It must be longer than the heartbeat interval, " + defaults.heartbeatInterval().toSeconds()
							+ " s.");
		}
		HazelcastMemberSettings settings = defaults.withClusterName(properties.name())
			.withMembers(properties.members())
			.withPort(properties.port(), properties.portAutoIncrement() ? AUTO_INCREMENT_PORTS : 1)
			.withBindInterface(properties.networkInterface())
			.withHeartbeat(defaults.heartbeatInterval(), heartbeatTimeout)
			.withLeaveTimeout(properties.leaveTimeout())
			.withMinimumClusterSize(minimumSize(properties));
		ActorsClusterProperties.Kubernetes kubernetes = properties.kubernetes();
		if (!kubernetes.enabled()) {
			return settings;
		}
		if (!properties.members().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("actors.cluster.members", properties.members(),
					"Members are found in Kubernetes (actors.cluster.kubernetes.enabled): remove this list, or "
							+ "disable the Kubernetes discovery.");
		}
		if (!kubernetes.serviceDns().isEmpty()
				&& !(kubernetes.namespace().isEmpty() && kubernetes.serviceName().isEmpty())) {
			throw new InvalidConfigurationPropertyValueException("actors.cluster.kubernetes.service-dns",
					kubernetes.serviceDns(), "Give either service-dns (discovery by DNS) or namespace and "
							+ "service-name (discovery through the Kubernetes API), not both.");
		}
		return settings.withKubernetes(
				new KubernetesDiscovery(kubernetes.serviceDns(), kubernetes.namespace(), kubernetes.serviceName()));
	}

	private static int minimumSize(ActorsClusterProperties properties) {
		if (properties.minimumSize() < 1) {
			throw new InvalidConfigurationPropertyValueException("actors.cluster.minimum-size",
					properties.minimumSize(), "It must be at least 1 (1 turns the protection off).");
		}
		return properties.minimumSize();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(InvocationRouter.class)
	ClusterInvocationRouter actorInvocationRouter(ActorCluster cluster, ActorsClusterProperties properties) {
		return new ClusterInvocationRouter(cluster, properties.callTimeout());
	}

	/**
	 * Topics shared by every instance: a message published on one reaches the subscribers
	 * on all of them, encoded with the application's state codec (JSON by default).
	 */
	@Bean
	@ConditionalOnMissingBean
	Topics actorTopics(ActorCluster cluster, ObjectProvider<StateCodec> stateCodec,
			ObjectProvider<JsonMapper> jsonMapper) {
		return Topics.clustered(cluster, stateCodec.getIfUnique(() -> new JacksonStateCodec(jsonMapper.getObject())));
	}

	@Bean
	@ConditionalOnMissingBean
	RegistryClustering actorRegistryClustering(ActorCluster cluster, InvocationCodec invocationCodec,
			ActorsProperties actorsProperties) {
		return new RegistryClustering(cluster, invocationCodec, actorsProperties::clusteredUnlessOptedOut);
	}

	@Bean
	@ConditionalOnMissingBean
	ClusterLeaveLifecycle actorClusterLeaveLifecycle(ActorCluster cluster, ActorsProperties actorsProperties) {
		return new ClusterLeaveLifecycle(cluster, actorsProperties.shutdown().phase());
	}

	@Bean
	@ConditionalOnMissingBean
	ClusterOverview actorClusterOverview(HazelcastActorCluster cluster, ObjectProvider<MemberActivity> activity) {
		return new HazelcastClusterOverview(cluster.instance(), activity.getIfUnique());
	}

	/** Registries depend on every listener: they are counted lazily, not injected. */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	MemberActivity actorMemberActivity(ActorCluster cluster, ObjectProvider<ActorRegistries> registries) {
		return new MemberActivity(cluster, () -> liveClusteredActors(registries.getObject()));
	}

	private static int liveClusteredActors(ActorRegistries registries) {
		return registries.all()
			.entrySet()
			.stream()
			.filter((entry) -> registries.cluster(entry.getKey()).isPresent())
			.mapToInt((entry) -> entry.getValue().size())
			.sum();
	}

}
