package dev.actorregistry.autoconfigure.testapp;

import java.util.concurrent.CountDownLatch;

import dev.actorregistry.spring.Actor;

/**
 * An actor whose message blocks until the test opens the gate: keeps a mailbox busy, so a
 * drain or a stop has to wait for it.
 */
@Actor("gates")
public class GateActor {

	/**
	 * Block until {@code open} is released.
	 * @param entered counted down once the message runs
	 * @param open released by the test
	 * @return {@code true}
	 */
	public boolean pass(CountDownLatch entered, CountDownLatch open) {
		entered.countDown();
		Waits.awaitLatch(open);
		return true;
	}

}
