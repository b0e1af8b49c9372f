package dev.actorregistry.cluster.hazelcast;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Creates the records this module sends between members, by the class ids they write, so
 * that Hazelcast reads them without Java serialization. Registered under
 * {@link #FACTORY_ID} by {@link HazelcastActorCluster#configure}.
 */
final class ActorDataSerializableFactory implements DataSerializableFactory {

	/**
	 * This factory's id in a member's serialization configuration: must not be taken by
	 * another factory the application registers on the same member.
	 */
	static final int FACTORY_ID = 0x41435452;

	static final int INVOCATION_TASK = 1;

	static final int CALL_OUTCOME = 2;

	@Override
	public IdentifiedDataSerializable create(int typeId) {
		return switch (typeId) {
			case INVOCATION_TASK -> new InvocationTask();
			case CALL_OUTCOME -> new CallOutcome();
			default -> throw new IllegalArgumentException("No actor record has class id " + typeId);
		};
	}

}
