package dev.actorregistry.autoconfigure.cluster;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Cluster mode: each instance of the application runs an embedded Hazelcast member, and
 * each key's actor lives on the member that owns the key.
 *
 * @param enabled Whether the registries share their keys with the other instances of the
 * application. Off, each instance's registries are its own.
 * @param name Name of the cluster: members join only a cluster of the same name.
 * @param members Addresses (host or host:port) of the members to join by TCP-IP; may
 * include this instance's own.
 * @param kubernetes How members find each other in Kubernetes, instead of a list.
 * @param port Port this member listens on.
 * @param portAutoIncrement Whether this member may try the two ports above 'port' when it
 * is taken.
 * @param networkInterface The only network interface (IP address, wildcards such as
 * 10.0.*.* allowed) this member binds to and announces.
 * @param heartbeatTimeout After how long without a heartbeat (sent each second) a member
 * is declared dead and its keys move to the others.
 * @param leaveTimeout How long an instance that shuts down waits for its keys to move to
 * the other members before it leaves without them.
 * @param minimumSize How many instances a member must see to own keys: below it (the
 * minority side of a network partition), it runs no actor of a clustered registry, and
 * calls by key wait for the cluster to be whole again, within their deadlines. 1 turns
 * the protection off; set a majority of the instances you run (2 of 3) to turn it on.
 * @param callTimeout How long the delivery of a durable send to another member may take
 * before it is tried again later. Calls through actor interfaces wait up to their
 * registry's ask-timeout.
 * @param useApplicationInstance Whether the actors use the application's own
 * HazelcastInstance bean instead of a dedicated member; its Config must have gone through
 * HazelcastActorCluster.configure.
 */
@ConfigurationProperties("actors.cluster")
public record ActorsClusterProperties(@DefaultValue("false") boolean enabled, @DefaultValue("actors") String name,
		@DefaultValue List<String> members, @DefaultValue Kubernetes kubernetes, @DefaultValue("5701") int port,
		@DefaultValue("true") boolean portAutoIncrement,
		@Name("interface") @DefaultValue("127.0.0.1") String networkInterface,
		@DefaultValue("10s") Duration heartbeatTimeout, @DefaultValue("60s") Duration leaveTimeout,
		@DefaultValue("1") int minimumSize, @DefaultValue("10s") Duration callTimeout,
		@DefaultValue("false") boolean useApplicationInstance) {

	/**
	 * Discovery of the members in Kubernetes.
	 *
	 * @param enabled Whether members find each other in Kubernetes rather than by the
	 * 'members' list.
	 * @param serviceDns DNS name of a headless service selecting the application's pods
	 * (for example my-app-actors.my-namespace.svc.cluster.local): discovery by DNS, with
	 * no access to the Kubernetes API. Leave empty to use the API.
	 * @param namespace Namespace to look in through the Kubernetes API; empty for the
	 * pod's own.
	 * @param serviceName Service whose endpoints are the members, through the Kubernetes
	 * API; empty for every pod of the namespace.
	 */
	public record Kubernetes(@DefaultValue("false") boolean enabled, @DefaultValue("") String serviceDns,
			@DefaultValue("") String namespace, @DefaultValue("") String serviceName) {

	}

}
