package dev.actorregistry.benchmarks;

/**
 * The trivial actor every benchmark uses: one counter, touched one message at a time.
 */
public final class Counter {

	private long count;

	/** Count one message. */
	public void increment() {
		this.count++;
	}

	/**
	 * Count one message and answer the count.
	 * @return the count after
	 */
	public long incrementAndGet() {
		return ++this.count;
	}

	/**
	 * The count.
	 * @return the count
	 */
	public long count() {
		return this.count;
	}

}
