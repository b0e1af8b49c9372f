package dev.actorregistry.benchmarks.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The actor behind {@link Adding}: one total, touched one call at a time.
 */
public final class Adder implements Adding {

	private long total;

	@Override
	public long add(long amount) {
		this.total += amount;
		return this.total;
	}

	@Override
	public CompletionStage<Long> addAsync(long amount) {
		return CompletableFuture.completedFuture(add(amount));
	}

}
