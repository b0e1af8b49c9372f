package dev.actorregistry.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Something an actor set up that lives until it is cancelled or the actor's instance
 * ends: a timer or a topic subscription. It ends once; of several threads ending it at
 * once, one is told it did.
 */
abstract class Registration {

	private static final VarHandle ACTIVE;

	static {
		try {
			ACTIVE = MethodHandles.lookup().findVarHandle(Registration.class, "active", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile boolean active = true;

	/**
	 * Whether it has not ended yet.
	 * @return true until cancelled or ended with its actor
	 */
	public boolean isActive() {
		return this.active;
	}

	/**
	 * End it, and have its owner forget it.
	 * @return whether this call ended it
	 */
	public boolean cancel() {
		boolean ended = end();
		forget();
		return ended;
	}

	/**
	 * End it, without telling its owner: the owner is ending all of them.
	 * @return whether this call ended it
	 */
	final boolean end() {
		if (!(boolean) ACTIVE.getAndSet(this, false)) {
			return false;
		}
		ended();
		return true;
	}

	/**
	 * Undo what it holds beside its owner's record of it; once, by the call that ends it.
	 */
	void ended() {
	}

	/** Remove it from its owner's record. */
	abstract void forget();

}
