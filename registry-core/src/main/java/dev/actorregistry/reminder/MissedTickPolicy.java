package dev.actorregistry.reminder;

/**
 * What a periodic {@link Reminder} does with the ticks that fell due while nothing could
 * fire them (the application was down, say): a tick is missed when it is found later than
 * the registry's misfire threshold.
 */
public enum MissedTickPolicy {

	/**
	 * Drop missed ticks and go on with the next one due; a one-shot reminder that was
	 * missed is dropped. The ticks dropped are counted.
	 */
	SKIP,

	/**
	 * Deliver one tick for all the ticks found due, at once, carrying how many earlier
	 * ones it stands for; then go on with the next one due. The default.
	 */
	FIRE_ONCE,

	/**
	 * Deliver each tick found due, oldest first, up to the registry's catch-up limit;
	 * older ones beyond it are dropped and counted as missed.
	 */
	CATCH_UP

}
