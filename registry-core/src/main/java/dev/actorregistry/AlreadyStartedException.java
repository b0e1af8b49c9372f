package dev.actorregistry;

/**
 * {@link ActorRegistry#start} found a live actor for the key. The live actor is carried,
 * so the caller can use it.
 */
public class AlreadyStartedException extends ActorRegistryException {

	private final transient ActorRef<?, ?> ref;

	/**
	 * Create an exception.
	 * @param registry the registry's name
	 * @param ref the live actor
	 */
	public AlreadyStartedException(String registry, ActorRef<?, ?> ref) {
		super(registry, ref.key(), "a live actor already has this key",
				"Use lookupOrStart to share it, or stop it first", null);
		this.ref = ref;
	}

	/**
	 * The live actor.
	 * @param <K> the key type
	 * @param <A> the actor type
	 * @return a ref to it
	 */
	@SuppressWarnings("unchecked")
	public <K, A> ActorRef<K, A> ref() {
		return (ActorRef<K, A>) this.ref;
	}

}
