package dev.actorregistry.autoconfigure.testapp;

import dev.actorregistry.spring.Actor;

/**
 * An actor with String keys and a little state that must never be shown.
 */
@Actor("counters")
public class CounterActor {

	private int secretValue;

	/**
	 * Add to the count.
	 * @param amount how much
	 * @return the new count
	 */
	public int add(int amount) {
		this.secretValue += amount;
		return this.secretValue;
	}

	/**
	 * A message that always throws.
	 * @return never
	 */
	public int fail() {
		throw new IllegalStateException("Counter failed on purpose");
	}

}
