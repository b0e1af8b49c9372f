/**
 * The actor registry's core: plain Java, no dependency but JSpecify's annotations.
 * <p>
 * {@code dev.actorregistry} is the registry, its refs, actors' context and lifecycle,
 * failure policy, timers, topics and refusals; {@code dev.actorregistry.persistence} and
 * {@code dev.actorregistry.reminder} hold persistent state and durable reminders;
 * {@code dev.actorregistry.invocation} calls actors through typed interfaces;
 * {@code dev.actorregistry.cluster} is the seam a cluster engine implements.
 * {@code dev.actorregistry.internal} is the implementation, open only to the test kit, which
 * drives a registry's periodic work by hand.
 */
module dev.actorregistry {

	requires static org.jspecify;

	exports dev.actorregistry;
	exports dev.actorregistry.cluster;
	exports dev.actorregistry.invocation;
	exports dev.actorregistry.persistence;
	exports dev.actorregistry.reminder;
	exports dev.actorregistry.internal to dev.actorregistry.test;

}
