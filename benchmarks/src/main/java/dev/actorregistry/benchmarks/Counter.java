package dev.actorregistry.benchmarks;

/**
 * The trivial actor every benchmark uses: one counter, touched one message at a time.
 */
public final class Counter implements Counting {

	private long count;

	/** Count one message. */
	public void increment() {
		this.count++;
	}

	@Override
	public void increment(Batch batch) {
		this.count++;
		batch.ran();
	}

	@Override
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
