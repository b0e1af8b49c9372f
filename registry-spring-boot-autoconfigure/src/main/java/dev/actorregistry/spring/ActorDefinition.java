package dev.actorregistry.spring;

/**
 * One {@link Actor @Actor} class found in the application context: what its registry is
 * built from. Public because {@link ActorRegistries#definition} hands it to the actuator
 * endpoint and the auto-configuration hands the definitions to {@link ActorRegistries}.
 *
 * @param registryName the registry's name
 * @param beanName the name of the actor's prototype bean
 * @param keyType the key type
 * @param actorType the actor type
 * @param <K> the key type
 * @param <A> the actor type
 */
public record ActorDefinition<K, A>(String registryName, String beanName, Class<K> keyType, Class<A> actorType) {
}
